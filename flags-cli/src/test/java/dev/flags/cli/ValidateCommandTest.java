package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.cli.Cli.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code flags validate}: offline, every problem with its line. */
class ValidateCommandTest {

    private final Cli flags = new Cli(Map.of());

    @TempDir
    Path dir;

    @Test
    void aValidDocumentPassesWithItsCounts() throws Exception {
        Path file = write("good.yaml", """
                segments:
                  beta: { include: [user-1] }
                flags:
                  new-checkout:
                    description: New checkout
                    enabled: true
                    rules:
                      - when: [ { op: inSegment, values: [beta] } ]
                        serve: on
                    default: { rollout: { on: 10, off: 90 } }
                """);

        Result result = flags.run("validate", file.toString());

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(file + ": valid (1 flags, 1 segments)\n");
    }

    @Test
    void everyProblemIsListedAtItsLine() throws Exception {
        Path file = write("bad.yaml", """
                flags:
                  new-checkout:
                    enabled: true
                    rules:
                      - when:
                          - { attribute: country, op: within, values: [NL] }
                        serve: on
                  colour:
                    variants: { blue: blue }
                    default: { serve: green }
                """);

        Result result = flags.run("validate", file.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out())
                .containsSubsequence(file + ":6: flags.new-checkout.rules[0].when[0].op: unknown operator 'within'",
                        file + ":10: flags.colour.default.serve: unknown variant 'green'")
                .endsWith("2 problems in " + file + "\n");
    }

    @Test
    void aSyntaxErrorHasItsLine() throws Exception {
        Path file = write("broken.json", "{\n  \"flags\": {\n    \"a\": { \"enabled\": tru }\n  }\n}\n");

        Result result = flags.run("validate", file.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).startsWith(file + ":3: ");
    }

    @Test
    void jsonListsTheProblemsForScripts() throws Exception {
        Path file = write("bad.json", """
                {
                  "flags": {
                    "a": { "enabled": true, "default": { "serve": "maybe" } }
                  }
                }
                """);

        Result result = flags.run("validate", "--json", file.toString());

        assertThat(result.code()).isEqualTo(1);
        JsonNode answer = JsonMapper.builder().build().readTree(result.out());
        assertThat(answer.path("valid").asBoolean()).isFalse();
        JsonNode problem = answer.path("problems").get(0);
        assertThat(problem.path("flag").asString()).isEqualTo("a");
        assertThat(problem.path("field").asString()).isEqualTo("default.serve");
        assertThat(problem.path("line").asInt()).isEqualTo(3);
    }

    @Test
    void aMissingFileExitsOne() {
        Result result = flags.run("validate", dir.resolve("absent.yaml").toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("no file");
    }

    private Path write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
