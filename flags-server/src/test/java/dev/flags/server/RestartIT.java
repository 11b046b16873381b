package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded database keeps revisions and tokens across a restart on the same data directory. */
class RestartIT {

    @TempDir
    Path dir;

    @Test
    void revisionsAndTokensSurviveARestartAndNumbersGoOn() {
        String token;
        String document;
        long revision;
        try (TestServer first = TestServer.start(dir)) {
            first.create("production", "kept", "{\"description\": \"before restart\"}");
            revision = first.post("/v1/envs/production/flags/kept/kill", null).json().get("revision").longValue();
            token = first.post("/v1/tokens", "{\"name\": \"kept\", \"role\": \"write\"}").json().get("token")
                    .stringValue();
            document = first.get("/v1/envs/production/document").body();
        }
        try (TestServer second = TestServer.start(dir)) {
            assertThat(second.get("/v1/envs/production/document").body()).isEqualTo(document);
            TestServer.Response restored = second.send("POST", "/v1/envs/production/flags/kept/restore", null, token);
            assertThat(restored.status()).isEqualTo(200);
            assertThat(restored.json().get("revision").longValue()).isEqualTo(revision + 1);
            assertThat(second.get("/v1/envs/production/revisions").json()).hasSize((int) revision + 1);
        }
    }
}
