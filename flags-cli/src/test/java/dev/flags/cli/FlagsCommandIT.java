package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.cli.Cli.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The commands against a real flags-server: what they print, their JSON, and their exit codes. */
class FlagsCommandIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    static ServerFixture server;
    static Cli flags;

    @BeforeAll
    static void start() {
        server = new ServerFixture(data);
        flags = server.cli();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(Result result) {
        assertThat(result.code()).as(result.err()).isZero();
        return JSON.readTree(result.out());
    }

    @Test
    void listShowsEveryFlagInAlignedColumns() {
        server.create("production", "list-a", "{\"description\": \"First\", \"enabled\": true}");
        server.create("production", "list-bb", "{\"description\": \"Second\", \"enabled\": false}");

        Result result = flags.run("list");

        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("(?m)^FLAG +STATE +VERSION +DESCRIPTION$")
                .containsPattern("(?m)^list-a +on +\\d+ +First$")
                .containsPattern("(?m)^list-bb +killed +\\d+ +Second$");
        String header = result.out().lines().findFirst().orElseThrow();
        String row = result.out().lines().filter(line -> line.startsWith("list-bb")).findFirst().orElseThrow();
        assertThat(row.indexOf("killed")).isEqualTo(header.indexOf("STATE"));
    }

    @Test
    void listAsJsonIsTheServersAnswer() {
        server.create("production", "list-json", "{\"enabled\": true}");

        JsonNode flagsJson = json(flags.run("list", "--json"));

        assertThat(flagsJson.isArray()).isTrue();
        assertThat(flagsJson.findValuesAsString("key")).contains("list-json");
    }

    @Test
    void getPrintsTheDefinitionAsYamlWithItsVersion() {
        server.create("production", "get-me", "{\"description\": \"Shown\", \"enabled\": true}");

        Result result = flags.run("get", "get-me");

        assertThat(result.code()).isZero();
        assertThat(result.out()).containsPattern("# get-me in production, version \\d+")
                .contains("description: Shown").contains("enabled: true");
        assertThat(json(flags.run("get", "get-me", "--json")).path("definition").path("description").asString())
                .isEqualTo("Shown");
    }

    @Test
    void anUnknownFlagExitsFive() {
        Result result = flags.run("get", "no-such-flag");

        assertThat(result.code()).isEqualTo(5);
        assertThat(result.err()).contains("404").contains("/v1/envs/production/flags/no-such-flag");
        assertThat(flags.run("kill", "no-such-flag", "-m", "x").code()).isEqualTo(5);
        assertThat(flags.run("--env", "nowhere", "list").code()).isEqualTo(5);
    }

    @Test
    void killPrintsTheNewRevisionAndKeepsTheComment() {
        server.create("production", "new-checkout", "{\"description\": \"New checkout\", \"enabled\": true}");

        Result result = flags.run("kill", "new-checkout", "-m", "incident 42");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).matches("killed new-checkout in production: revision \\d+\\R");
        assertThat(flags.run("get", "new-checkout").out()).contains("enabled: false");
        Result history = flags.run("history", "new-checkout");
        assertThat(history.out()).containsPattern("(?m)^\\d+ +\\S+ +admin +kill +new-checkout +incident 42$");
    }

    @Test
    void aDryRunShowsTheChangeAndWritesNothing() {
        server.create("production", "dry", "{\"enabled\": true}");

        Result result = flags.run("kill", "dry", "--dry-run");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out())
                .containsPattern("dry run, nothing written \\(it would be revision \\d+ in production\\):")
                .contains("~ dry").contains("- enabled: true").contains("+ enabled: false");
        assertThat(flags.run("get", "dry").out()).contains("enabled: true");
    }

    @Test
    void colourOnlyWhenAskedFor() {
        server.create("production", "coloured", "{\"enabled\": false}");
        java.io.StringWriter out = new java.io.StringWriter();

        Flags.run(java.util.Map.of("FLAGS_URL", server.url, "FLAGS_TOKEN", ServerFixture.ADMIN), true,
                new java.io.PrintWriter(out), new java.io.PrintWriter(new java.io.StringWriter()), "list");

        assertThat(out.toString()).contains("\u001B[31mkilled\u001B[0m");
        assertThat(flags.run("list").out()).doesNotContain("\u001B[");
    }

    @Test
    void restoreAndRolloutPrintTheirRevisionsAsJsonToo() {
        server.create("production", "restore-me", "{\"enabled\": false}");

        JsonNode restored = json(flags.run("restore", "restore-me", "--json", "--comment", "fixed"));
        Result rollout = flags.run("rollout", "restore-me", "25", "-m", "a quarter");

        assertThat(restored.path("revision").asLong()).isPositive();
        assertThat(rollout.code()).as(rollout.err()).isZero();
        assertThat(rollout.out()).matches("rolled restore-me out to 25 % in production: revision \\d+\\R");
        assertThat(flags.run("get", "restore-me").out()).contains("enabled: true").contains("\"on\": 25")
                .contains("\"off\": 75");
    }

    @Test
    void aRolloutTheServerRefusesExitsOneWithItsReasons() {
        server.create("production", "colour", "{\"variants\": {\"blue\": \"blue\", \"red\": \"red\"}, "
                + "\"default\": {\"serve\": \"blue\"}}");

        Result result = flags.run("rollout", "colour", "25");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("422");
    }

    @Test
    void usageMistakesExitTwo() {
        assertThat(flags.run("rollout", "x", "lots").code()).isEqualTo(2);
        assertThat(flags.run("no-such-command").code()).isEqualTo(2);
        assertThat(flags.run("kill").code()).isEqualTo(2);
        assertThat(flags.run().code()).isEqualTo(2);
        Result promote = flags.run("promote", "--from", "staging");
        assertThat(promote.code()).isEqualTo(2);
        assertThat(promote.err()).contains("Give either a flag KEY or --all");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{}, {"list"}, {"get"}, {"kill"}, {"restore"}, {"rollout"},
                {"edit"}, {"history"}, {"diff"}, {"rollback"}, {"promote"}, {"validate"}, {"watch"}, {"tokens"},
                {"tokens", "create"}, {"tokens", "list"}, {"tokens", "revoke"}, {"explain"},
                {"generate-completion"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            Result result = flags.run(args);
            assertThat(result.code()).as(String.join(" ", args)).isZero();
            assertThat(result.out()).as(String.join(" ", args)).contains("Usage: flags");
        }
    }

    @Test
    void theCompletionScriptIsGenerated() {
        Result result = flags.run("generate-completion");

        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("complete -F").contains("kill").contains("rollout");
    }

    @Test
    void aWrongTokenExitsFourAndIsNeverPrinted() {
        Result result = flags.with("FLAGS_TOKEN", "wrong-secret-7d1c").run("kill", "anything", "-m", "x");

        assertThat(result.code()).isEqualTo(4);
        assertThat(result.err()).contains("401").doesNotContain("wrong-secret-7d1c");
        assertThat(result.out()).doesNotContain("wrong-secret-7d1c");
    }

    @Test
    void aTokenAHeaderCannotCarryIsRefusedWithoutShowingIt() {
        Result result = flags.with("FLAGS_TOKEN", "half-secret\nother-half").run("list");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("the token holds").doesNotContain("half-secret").doesNotContain("other-half");
    }

    @Test
    void aTokenWithoutTheRoleExitsFour(@TempDir Path dir) throws Exception {
        server.create("production", "guarded", "{\"enabled\": true}");
        JsonNode created = json(flags.run("tokens", "create", "reader", "--role", "read", "--json"));
        Path tokenFile = dir.resolve("token");
        java.nio.file.Files.writeString(tokenFile, created.path("token").asString() + "\n");
        Cli reader = new Cli(java.util.Map.of("FLAGS_URL", server.url));

        assertThat(reader.run("--token-file", tokenFile.toString(), "list").code()).isZero();
        Result kill = reader.run("kill", "guarded", "--token-file", tokenFile.toString());
        assertThat(kill.code()).isEqualTo(4);
        assertThat(kill.err()).contains("403").doesNotContain(created.path("token").asString());
    }

    @Test
    void aServerThatIsDownExitsOneNamingTheUrlWithoutTheToken() {
        Result result = new Cli(java.util.Map.of("FLAGS_TOKEN", "down-secret-99"))
                .run("--url", "http://127.0.0.1:1", "list");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).contains("cannot reach http://127.0.0.1:1/v1/envs/production/flags")
                .doesNotContain("down-secret-99");
    }

    @Test
    void tokensAreCreatedListedAndRevoked() {
        Result created = flags.run("tokens", "create", "deploy-bot", "--role", "write", "--environment", "staging");
        assertThat(created.code()).as(created.err()).isZero();
        assertThat(created.out()).contains("created token deploy-bot").contains("role write")
                .contains("environments staging").contains("shown this once");
        String id = created.out().replaceAll("(?s).*\\(id (\\S+),.*", "$1");
        String secret = created.out().lines().skip(1).findFirst().orElseThrow();

        assertThat(flags.run("tokens", "list").out())
                .containsPattern("(?m)^" + id + " +deploy-bot +write +staging .*active$")
                .doesNotContain(secret);
        assertThat(flags.run("tokens", "revoke", id).out()).contains("revoked token " + id);
        assertThat(flags.run("tokens", "list").out()).containsPattern("(?m)^" + id + " .*revoked$");
        assertThat(flags.with("FLAGS_TOKEN", secret).with("FLAGS_ENV", "staging").run("list").code()).isEqualTo(4);
        assertThat(flags.run("tokens", "revoke", "nope").code()).isEqualTo(5);
    }

    @Test
    void historyDiffAndRollbackWalkTheRevisions() {
        server.create("production", "walk", "{\"description\": \"Walk\", \"enabled\": true}");
        long created = json(flags.run("history", "walk", "--json")).get(0).path("revision").asLong();
        long killed = json(flags.run("kill", "walk", "--json")).path("revision").asLong();

        Result diff = flags.run("diff", String.valueOf(killed));
        assertThat(diff.code()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("revision " + (killed - 1) + " -> " + killed + " in production: 1 change")
                .contains("~ walk").contains("- enabled: true").contains("+ enabled: false");
        JsonNode diffJson = json(flags.run("diff", String.valueOf(created), String.valueOf(killed), "--json"));
        assertThat(diffJson.path("changes").get(0).path("flag").asString()).isEqualTo("walk");
        assertThat(diffJson.path("changes").get(0).path("after").path("enabled").asBoolean()).isFalse();

        Result rollback = flags.run("rollback", String.valueOf(created), "-m", "undo the kill");
        assertThat(rollback.code()).as(rollback.err()).isZero();
        assertThat(rollback.out()).matches("rolled back to revision " + created + " in production: revision \\d+\\R");
        assertThat(flags.run("get", "walk").out()).contains("enabled: true");
        assertThat(flags.run("diff", "999999").code()).isEqualTo(5);
    }

    @Test
    void promoteCopiesAFlagFromAnotherEnvironment() {
        server.create("staging", "promoted", "{\"description\": \"From staging\", \"enabled\": true}");

        Result result = flags.run("promote", "promoted", "--from", "staging", "--to", "production", "-m", "ship it");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).matches("promoted promoted from staging in production: revision \\d+\\R");
        assertThat(flags.run("get", "promoted").out()).contains("description: From staging");
        assertThat(flags.run("promote", "absent", "--from", "staging").code()).isEqualTo(5);
    }
}
