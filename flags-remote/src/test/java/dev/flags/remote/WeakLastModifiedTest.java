package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus.State;
import dev.flags.remote.DatedStore.Request;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A store that sends only Last-Modified (a static file server) counts whole seconds: a date within a second of the
 * answer's Date is a weak validator (RFC 9110), and sending it back could hide a second write in that second.
 */
class WeakLastModifiedTest {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant SECOND = Instant.parse("2026-12-04T09:00:10Z");

    @Test
    void twoWritesInOneSecondBothArriveAndTheDateServesOnceItIsStrong() throws Exception {
        VirtualTime time = new VirtualTime();
        try (DatedStore store = new DatedStore(SECOND.plusMillis(200))) {
            store.write(40, "blue");
            store.now(SECOND.plusMillis(500)); // served in the second it was written: Date = Last-Modified
            try (FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource.builder(store.url())
                    .pollInterval(Duration.ofSeconds(1))
                    .timing(time, VirtualTime.BACKOFF)
                    .build()).build()) {
                assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");

                // A kill written in the same second: the file's date does not change.
                store.now(SECOND.plusMillis(700));
                store.write(41, "green");
                time.advance(Duration.ofMillis(1_200));

                assertThat(flags.getString("color", USER, "none")).as("requests: %s", store.requests())
                        .isEqualTo("green");
                assertThat(store.requests()).as("requests while the date was weak")
                        .allSatisfy(request -> assertThat(request.ifModifiedSince()).isNull());

                // The next answer comes a second later: its date is now strong, sent back, and answered 304.
                store.now(SECOND.plusMillis(1_500));
                time.advance(Duration.ofMillis(1_200));
                time.advance(Duration.ofMillis(1_200));
                assertThat(store.requests()).last()
                        .isEqualTo(new Request("Fri, 4 Dec 2026 09:00:10 GMT", 304));
                assertThat(flags.status().state()).isEqualTo(State.READY);
                await().atMost(WAIT).until(() -> flags.status().revision() == 41L);
            }
        }
    }
}
