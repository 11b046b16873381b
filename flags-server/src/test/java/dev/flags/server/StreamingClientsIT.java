package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.remote.HttpFlagSource;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Unchanged HttpFlagSource clients, streaming on, follow every kind of write; the stream's wire format. */
class StreamingClientsIT {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
    }

    @Test
    void streamingClientsFollowCreateKillRestoreRolloutAndRollback() {
        List<FeatureFlags> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(FeatureFlags.builder().source(HttpFlagSource
                        .builder(server.uri("/v1/envs/staging/document")).bearerToken(TestServer.ADMIN)
                        .pollInterval(Duration.ofHours(1)).streaming(true).build()).build());
            }
            FlagContext user = FlagContext.of("user-42");
            long created = server.create("staging", "followed", "{\"enabled\": true}").json().get("revision")
                    .longValue();
            awaitAll(clients, flags -> flags.isEnabled("followed", user));
            server.post("/v1/envs/staging/flags/followed/kill", null);
            awaitAll(clients, flags -> !flags.isEnabled("followed", user));
            server.post("/v1/envs/staging/flags/followed/restore", null);
            awaitAll(clients, flags -> flags.isEnabled("followed", user));
            server.post("/v1/envs/staging/flags/followed/rollout", "{\"percent\": 0}");
            awaitAll(clients, flags -> !flags.isEnabled("followed", user));
            long rollback = server.post("/v1/envs/staging/revisions/" + created + "/rollback", null).json()
                    .get("revision").longValue();
            awaitAll(clients, flags -> flags.isEnabled("followed", user)
                    && flags.status().revision() != null && flags.status().revision() >= rollback);
        } finally {
            clients.forEach(FeatureFlags::close);
        }
    }

    private static void awaitAll(List<FeatureFlags> clients, java.util.function.Predicate<FeatureFlags> condition) {
        await().atMost(Duration.ofSeconds(20)).until(() -> clients.stream().allMatch(condition));
    }

    @Test
    void aStreamSendsAFirstCommentAtOnceCatchesUpAndBeatsItsHeart() throws Exception {
        long current = server.get("/v1/envs/production/document").json().get("revision").longValue();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.uri("/v1/envs/production/document/stream")).header("Authorization", "Bearer " + TestServer.ADMIN)
                .header("Last-Event-ID", Long.toString(current - 1)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).startsWith(":");
            assertThat(lines.readLine()).isEqualTo("retry:5000");
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("id:" + current);
            assertThat(lines.readLine()).isEqualTo("event:revision");
            assertThat(lines.readLine()).startsWith("data:{\"revision\":" + current + ",");
            assertThat(lines.readLine()).isEmpty();
            // the shared server beats every 200 ms
            assertThat(lines.readLine()).isEqualTo(":");
            server.create("production", "streamed", "{}");
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).contains("\"flag\":\"streamed\"").contains("\"action\":\"create\"");
        }
    }
}
