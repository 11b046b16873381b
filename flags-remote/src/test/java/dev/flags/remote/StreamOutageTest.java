package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus.State;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An outage long enough to open the circuit breaker, ended while it is still open: the stream comes back first,
 * on virtual time, against a real store on loopback.
 */
class StreamOutageTest {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The breaker stays open for two of them (20 s), far longer than the stream takes to reconnect (1 s). */
    private static final Duration POLL = Duration.ofSeconds(10);

    private static String color(String value) {
        return "color: { variants: { c: " + value + " }, default: { serve: c } }";
    }

    @Test
    void aStreamThatReconnectsWhileTheBreakerIsOpenStillBringsAWriteMadeDuringTheOutage() throws Exception {
        VirtualTime time = new VirtualTime();
        try (TestFlagStore store = new TestFlagStore(1, color("blue"));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url())
                                .pollInterval(POLL)
                                .streaming(true)
                                // The store's heartbeats come in real time, while virtual minutes pass in
                                // milliseconds: only the outage may drop the stream.
                                .heartbeatTimeout(Duration.ofHours(1))
                                .timing(time, VirtualTime.BACKOFF)
                                .build())
                        .build()) {
            await().atMost(WAIT).until(() -> "connected".equals(stream(flags)));

            store.down();
            for (int second = 0; second < 300 && !"OPEN".equals(breaker(flags)); second++) {
                time.advance(Duration.ofSeconds(1));
            }
            assertThat(breaker(flags)).as("the breaker after the polls failed").isEqualTo("OPEN");
            store.publish(2, color("green")); // a write during the outage, announced to no stream
            store.up();

            // The reader wakes within a virtual second, connects, and asks for a fetch, which the open breaker
            // refuses.
            await().atMost(WAIT).until(() -> time.sleepers() == 1 || "connected".equals(stream(flags)));
            time.advance(Duration.ofSeconds(1), Duration.ofMillis(100));
            await().atMost(WAIT).until(() -> "connected".equals(stream(flags)) && time.idle());
            assertThat(breaker(flags)).isEqualTo("OPEN");
            assertThat(flags.status().state()).isEqualTo(State.STALE);

            // Past the breaker's open wait and a poll or two: the client must have caught up.
            time.advance(POLL.multipliedBy(4), Duration.ofMillis(500));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(flags.getString("color", USER, "none")).isEqualTo("green");
                assertThat(flags.status().state()).isEqualTo(State.READY);
            });
            assertThat(stream(flags)).isEqualTo("connected");
        }
    }

    private static String stream(FeatureFlags flags) {
        return flags.status().sources().get(0).details().get("stream");
    }

    private static String breaker(FeatureFlags flags) {
        return flags.status().sources().get(0).details().get("circuitBreaker");
    }
}
