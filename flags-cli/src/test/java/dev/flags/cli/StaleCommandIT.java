package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.cli.Cli.Result;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** `flags stale` against a real server that has had one instance's usage report. */
class StaleCommandIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path data;
    ServerFixture server;

    @BeforeEach
    void start() {
        server = new ServerFixture(data);
        server.create("production", "unused", "{\"enabled\": true, \"description\": \"Winter banner\"}");
        server.create("production", "always-on", "{\"enabled\": true}");
        server.create("production", "mixed", "{\"enabled\": true}");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int status = server.send("POST", "/v1/envs/production/usage", """
                {"instance": "i-1", "app": "checkout", "from": "%s", "to": "%s", "flags": [
                  {"key": "always-on", "since": null, "variants": [{"name": "on", "evaluations": 7, "events": {}}]},
                  {"key": "mixed", "since": null, "variants": [{"name": "on", "evaluations": 3, "events": {}},
                                                               {"name": "off", "evaluations": 4, "events": {}}]}]}
                """.formatted(now.minusSeconds(10), now));
        assertThat(status).isEqualTo(202);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listsTheFlagsNobodyEvaluatedAndThoseServingOneVariant() {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.cli().run("stale").out().contains("one-variant"));

        Result stale = server.cli().run("stale", "--for", "P30D");

        assertThat(stale.code()).as(stale.err()).isZero();
        assertThat(stale.out()).containsPattern("(?m)^FLAG +STALE +LAST EVALUATED +VARIANT +EVALUATIONS +DESCRIPTION$")
                .containsPattern("(?m)^unused +unevaluated +never +Winter banner$")
                .containsPattern("(?m)^always-on +one-variant +\\S+Z +on +7$")
                .doesNotContain("mixed");
    }

    @Test
    void jsonIsTheServersList() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> server.cli().run("stale").out().contains("one-variant"));

        Result stale = server.cli().run("stale", "--json");

        assertThat(stale.code()).as(stale.err()).isZero();
        JsonNode flags = JSON.readTree(stale.out());
        assertThat(flags).extracting(flag -> flag.path("key").asString() + " " + flag.path("stale").asString())
                .containsExactlyInAnyOrder("unused unevaluated", "always-on one-variant");
    }

    @Test
    void aWindowThatIsNoDurationExitsOneNamingIt() {
        Result stale = server.cli().run("stale", "--for", "thirty-days");

        assertThat(stale.code()).isEqualTo(1);
        assertThat(stale.err()).contains("stale").contains("(400)");
    }
}
