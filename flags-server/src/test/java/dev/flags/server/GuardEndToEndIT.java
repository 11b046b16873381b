package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18 end to end, without timing: a server and 20 streaming clients reporting usage every second; a guarded
 * 50 % rollout whose {@code on} variant errs ten times as often; the server's fleet guard writes one {@code kill}
 * by {@code guard}, and every client follows it and serves {@code off}.
 */
class GuardEndToEndIT {

    @TempDir
    Path dir;

    @Test
    void theFleetGuardKillsARegressingRolloutOnceAndEveryClientServesOff() {
        try (TestServer server = TestServer.start(dir)) {
            String key = "guarded-checkout";
            TestServer.Response created = server.create("production", key, GuardedFleet.DEFINITION);
            assertThat(created.status()).isEqualTo(201);
            long version = created.json().get("version").longValue();
            try (GuardedFleet fleet = new GuardedFleet(server, key, 20, Duration.ofSeconds(1))) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.ready(version));
                fleet.start(18);
                await().atMost(Duration.ofSeconds(120)).until(() -> !kills(server, key).isEmpty());
                long killed = kills(server, key).get(0).get("revision").longValue();
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.clients.stream()
                        .allMatch(flags -> flags.status().revision() != null && flags.status().revision() >= killed));
                assertThat(fleet.allServeOff()).isTrue();
                // the clients keep reporting (now under the killed definition): still one kill
                server.context.getBean(dev.flags.server.usage.FleetUsage.class).flush();
                List<JsonNode> kills = kills(server, key);
                assertThat(kills).hasSize(1);
                assertThat(kills.get(0).get("actor").stringValue()).isEqualTo("guard");
                assertThat(kills.get(0).get("comment").stringValue()).startsWith("error on 'on' ").contains("beyond 1.5x");
            }
        }
    }

    static List<JsonNode> kills(TestServer server, String key) {
        List<JsonNode> kills = new ArrayList<>();
        for (JsonNode revision : server.get("/v1/envs/production/revisions?flag=" + key).json()) {
            if (revision.get("action").stringValue().equals("kill")) {
                kills.add(revision);
            }
        }
        return kills;
    }
}
