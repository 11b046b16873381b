package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.cli.Cli.Result;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code edit} with a scripted $EDITOR, {@code watch} on the live stream, {@code explain} on the fetched document. */
class EditWatchExplainIT {

    @TempDir
    static Path data;

    static ServerFixture server;
    static Cli flags;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        server = new ServerFixture(data);
        flags = server.cli();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Path editor(String name, String script) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + script + "\n");
        file.toFile().setExecutable(true);
        return file;
    }

    @Test
    void editSendsTheEditedDefinitionIfMatchingTheVersionItRead() throws Exception {
        server.create("production", "edited", "{\"description\": \"Before\", \"enabled\": true}");
        Path editor = editor("edit.sh", "sed -i 's/description: Before/description: After/' \"$1\"");

        Result result = flags.with("EDITOR", editor.toString()).run("edit", "edited", "-m", "reworded");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).matches("updated edited in production: revision \\d+\\R");
        assertThat(flags.run("get", "edited").out()).contains("description: After");
        assertThat(flags.run("history", "edited").out()).contains("update").contains("reworded");
    }

    @Test
    void editCreatesAFlagFromATemplateOnlyWhenAskedTo() throws Exception {
        Path editor = editor("describe.sh", "sed -i 's/description: .*/description: Brand new/' \"$1\"");
        Cli withEditor = flags.with("EDITOR", editor.toString());

        Result missing = withEditor.run("edit", "brand-new");
        Result created = withEditor.run("edit", "brand-new", "--create", "-m", "launch");

        assertThat(missing.code()).isEqualTo(5);
        assertThat(missing.err()).contains("flags edit brand-new --create");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).matches("created brand-new in production: revision \\d+\\R");
        assertThat(flags.run("get", "brand-new").out()).contains("description: Brand new").contains("serve: \"off\"");
        assertThat(withEditor.run("edit", "brand-new", "--create").code()).isEqualTo(1);
    }

    @Test
    void anUnchangedEditSendsNothing() throws Exception {
        server.create("production", "untouched", "{\"enabled\": true}");

        Result result = flags.with("EDITOR", editor("noop.sh", "true").toString()).run("edit", "untouched");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("no change: nothing sent");
    }

    @Test
    void anInvalidEditIsRefusedLocallyAndKept() throws Exception {
        server.create("production", "checked", "{\"enabled\": true}");
        Path editor = editor("bad.sh", "printf 'enabled: true\\ndefault: { serve: nowhere }\\n' > \"$1\"");

        Result result = flags.with("EDITOR", editor.toString()).run("edit", "checked");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("not valid; nothing sent").contains("flags.checked.default.serve")
                .contains("Your edit is kept in");
        assertThat(flags.run("get", "checked").out()).doesNotContain("nowhere");
    }

    @Test
    void aConflictingChangeExitsThreeAndShowsTheOtherChange() throws Exception {
        server.create("production", "contested", "{\"description\": \"Mine\", \"enabled\": true}");
        Path opened = dir.resolve("opened");
        Path proceed = dir.resolve("proceed");
        // The editor signals that it has the file, then waits until someone else has killed the flag.
        Path editor = editor("slow.sh", "sed -i 's/Mine/Still mine/' \"$1\"; touch '" + opened + "'; "
                + "while [ ! -f '" + proceed + "' ]; do sleep 0.05; done");
        CompletableFuture<Result> edit = CompletableFuture.supplyAsync(
                () -> flags.with("EDITOR", editor.toString()).run("edit", "contested"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(opened));
        assertThat(flags.run("kill", "contested", "-m", "someone else").code()).isZero();
        Files.createFile(proceed);

        Result result = edit.get();

        assertThat(result.code()).isEqualTo(3);
        assertThat(result.err()).contains("conflict: contested changed in production")
                .contains("- enabled: true").contains("+ enabled: false").contains("Your edit is kept in");
        assertThat(flags.run("get", "contested").out()).contains("description: Mine").contains("enabled: false");
    }

    @Test
    void watchPrintsEachRevisionAsItLands() throws Exception {
        server.create("staging", "watched", "{\"enabled\": true}");
        StringWriter out = new StringWriter();
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(
                () -> flags.with("FLAGS_ENV", "staging").run(out, "watch", "--count", "2"));
        await().atMost(Duration.ofSeconds(60)).until(() -> out.toString().contains("revision"));

        Result kill = flags.run("kill", "watched", "--env", "staging", "-m", "watch this");

        assertThat(watch.get()).isZero();
        String revision = kill.out().replaceAll("(?s).*revision (\\d+).*", "$1");
        assertThat(out.toString()).containsPattern("(?m)^revision " + revision.strip()
                + "  \\S+  kill  watched  by admin  \"watch this\"$");
    }

    @Test
    void explainSaysWhatAUserGetsAndWhy() {
        server.create("production", "dutch-checkout", """
                {"enabled": true,
                 "rules": [{"name": "dutch users", "when": [{"attribute": "country", "op": "in", "values": ["NL"]}],
                            "serve": "on"}],
                 "default": {"serve": "off"}}""");

        Result dutch = flags.run("explain", "dutch-checkout", "--key", "user-42", "--attr", "country=NL");
        Result other = flags.run("explain", "dutch-checkout", "--key", "user-43", "--attr", "country=FR");

        assertThat(dutch.code()).as(dutch.err()).isZero();
        assertThat(dutch.out()).contains("dutch-checkout for user-42 {country=NL} in production")
                .containsPattern("value +true").containsPattern("variant +on")
                .containsPattern("reason +TARGETING_MATCH").contains("rule 0 \"dutch users\" matched");
        assertThat(other.out()).containsPattern("variant +off").containsPattern("reason +DEFAULT");
    }

    @Test
    void explainAsJsonAndForAKilledFlag() {
        server.create("production", "killed-one", "{\"enabled\": false}");

        Result result = flags.run("explain", "killed-one", "--key", "u", "--json");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode answer = JsonMapper.builder().build().readTree(result.out());
        assertThat(answer.path("value").asBoolean()).isFalse();
        assertThat(answer.path("reason").asString()).isEqualTo("DISABLED");
        assertThat(answer.path("why").asString()).contains("killed");
        assertThat(flags.run("explain", "absent-flag", "--key", "u").code()).isEqualTo(5);
    }
}
