package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A refusal of the credentials is the last word: nothing that completes after it makes the source look healthy. */
class RefusalTest {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aRefusalOnTheStreamWinsOverAFetchInFlightThatSucceedsAfterIt() throws Exception {
        VirtualTime time = new VirtualTime();
        try (GatedStore store = new GatedStore();
                FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource.builder(store.url())
                        .pollInterval(Duration.ofHours(1))
                        .streaming(true)
                        .timing(time, VirtualTime.BACKOFF)
                        .build()).build()) {
            // Start-up: the first poll and the fetch the stream's connection asks for; the stream then ended (its
            // store sends one comment) and waits a virtual second to reconnect.
            await().atMost(WAIT).until(() -> store.documentAnswers() >= 2 && time.sleepers() == 1 && time.idle());
            assertThat(flags.status().state()).isEqualTo(State.READY);

            // The stream reconnects, and the fetch its connection asks for is held in flight...
            store.holdNextDocument(2, "green");
            time.jump(Duration.ofSeconds(1));
            assertThat(store.awaitHeld()).isTrue();
            // ...while the stream, reconnecting once more, is refused.
            store.refuseStream = true;
            await().atMost(WAIT).until(() -> time.sleepers() == 1);
            time.jump(Duration.ofSeconds(1));
            await().atMost(WAIT).until(() -> String.valueOf(flags.status().lastError()).contains("HTTP 401"));

            store.release();
            await().atMost(WAIT).until(() -> store.documentAnswers() == 3 && time.idle());

            FlagsStatus status = flags.status();
            assertThat(status.state()).isEqualTo(State.STALE);
            assertThat(status.lastError()).contains("refused the credentials (HTTP 401)");
            assertThat(status.sources().get(0).details().get("stream"))
                    .startsWith("denied: the store refused the credentials (HTTP 401)");
            assertThat(flags.getString("color", USER, "none")).as("the document that arrived after the refusal")
                    .isEqualTo("blue");
            time.advance(Duration.ofHours(2), Duration.ofMinutes(1));
            assertThat(store.documentRequests()).as("requests after the refusal").isEqualTo(3);
        }
    }

    @Test
    void aRefusalAtStartUpWithABackupFileSaysBothAndStaysSaid(@TempDir Path dir) throws IOException {
        Path backup = dir.resolve("flags.json");
        Files.writeString(backup, HttpFlagSourceWireMockTest.document(1, "blue", 0));
        VirtualTime time = new VirtualTime();
        try (GatedStore store = new GatedStore()) {
            store.refuseDocuments = true;
            try (FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource.builder(store.url())
                    .backupFile(backup)
                    .timing(time, VirtualTime.BACKOFF)
                    .build()).build()) {
                FlagsStatus status = flags.status();

                assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
                assertThat(status.state()).isEqualTo(State.STALE);
                assertThat(status.lastError()).contains("serving the backup file " + backup,
                        "the store refused the credentials (HTTP 403)");
                time.advance(Duration.ofHours(1), Duration.ofSeconds(10));
                assertThat(flags.status().lastError()).isEqualTo(status.lastError());
                assertThat(store.documentRequests()).isOne();
            }
        }
    }
}
