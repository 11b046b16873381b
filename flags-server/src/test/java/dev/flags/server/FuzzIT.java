package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Random, truncated, deep and huge bodies at every write route and at the usage reports: always a 4xx, and the store
 * unchanged.
 */
class FuzzIT {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
    }

    @Test
    void garbageBodiesGet4xxAndWriteNothing() {
        server.create("staging", "fuzzed", "{\"enabled\": true}");
        long version = server.get("/v1/envs/staging/flags/fuzzed").json().get("version").longValue();
        String before = server.get("/v1/envs/staging/document").body();
        String[][] routes = {
                {"PUT", "/v1/envs/staging/flags/fuzzed", "If-Match", "\"" + version + "\""},
                {"PUT", "/v1/envs/staging/flags/fuzz-new", "If-None-Match", "*"},
                {"DELETE", "/v1/envs/staging/flags/fuzzed", "If-Match", "\"" + (version + 999) + "\""},
                {"POST", "/v1/envs/staging/flags/fuzzed/kill", "X-Fuzz", "1"},
                {"POST", "/v1/envs/staging/flags/fuzzed/restore", "X-Fuzz", "1"},
                {"POST", "/v1/envs/staging/flags/fuzzed/rollout", "X-Fuzz", "1"},
                {"POST", "/v1/envs/staging/revisions/1/rollback", "X-Fuzz", "1"},
                {"POST", "/v1/envs/staging/promote?from=production", "X-Fuzz", "1"},
                {"POST", "/v1/tokens", "X-Fuzz", "1"},
                {"POST", "/v1/envs/staging/usage", "X-Fuzz", "1"},
        };
        Random random = new Random(15);
        for (String[] route : routes) {
            for (String body : bodies(random)) {
                TestServer.Response response = server.send(route[0], route[1], body, TestServer.ADMIN, route[2],
                        route[3]);
                assertThat(response.status()).as(route[0] + " " + route[1] + " " + abbreviated(body))
                        .isBetween(400, 499);
                assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            }
        }
        assertThat(server.get("/v1/envs/staging/document").body()).isEqualTo(before);
    }

    private static List<String> bodies(Random random) {
        String valid = "{\"definition\": {\"enabled\": false}, \"comment\": \"x\"}";
        StringBuilder bytes = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            bytes.append((char) random.nextInt(0x3000));
        }
        return List.of(
                valid.substring(0, 1 + random.nextInt(valid.length() - 2)),
                bytes.toString(),
                "[".repeat(5000) + "]".repeat(5000),
                "{\"definition\": " + "{\"a\": ".repeat(3000) + "1" + "}".repeat(3001),
                "{\"comment\": \"" + "y".repeat(1_200_000) + "\"}",
                "{\"definition\": [1, 2], \"comment\": 7, \"percent\": \"many\", \"name\": {}}",
                "{\"definition\": {\"enabled\": \"no\", \"rules\": 5}, \"percent\": -1, \"role\": \"god\"}",
                "null",
                "\"just a string\"",
                "{\"unknown\": true}");
    }

    private static String abbreviated(String body) {
        return body.length() > 80 ? body.substring(0, 80) + "..." : body;
    }
}
