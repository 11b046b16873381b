package dev.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FlagStore;
import dev.flags.FlagsStatus;
import dev.flags.StoreCaching;
import dev.flags.StoredFlag;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A store key that failed and that nobody reads any more is asked again once per refresh interval, on the
 * cache's own time, so that the store's status ends STALE when the store is back (and not an hour later, when
 * the key expires). Time here is a ticker the test moves.
 */
class StoreRetryTest {

    private static final Duration REFRESH = Duration.ofMinutes(5);

    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicInteger loads = new AtomicInteger();
    private volatile boolean down = true;

    private final FlagStore store = new FlagStore() {
        @Override
        public String name() {
            return "table";
        }

        @Override
        public StoredFlag load(String flagKey) {
            loads.incrementAndGet();
            if (down) {
                throw new IllegalStateException("canceling statement due to lock timeout");
            }
            return null;
        }
    };

    private final StoreFlags flags = new StoreFlags(store,
            StoreCaching.defaults().withRefreshAfter(REFRESH).withColdTimeout(Duration.ofSeconds(10)),
            Clock.systemUTC(), nanos::get, key -> { }, () -> { });

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void aFailedKeyIsAskedAgainOnceARefreshIntervalPassedAndTheStatusClears() {
        Outcome outcome = flags.decide("typo", Attributes.of("user-1"),
                new EvaluationScope(Clock.systemUTC(), flags, null), Snapshot.of(List.of(), List.of(), Map.of(), List.of()), 0);
        assertThat(outcome.errorMessage).contains("lock timeout");
        assertThat(flags.status().lastError()).contains("typo");
        down = false;

        // Within the interval, asking the status asks the store nothing.
        nanos.addAndGet(REFRESH.toNanos() - 1);
        assertThat(flags.status().lastError()).contains("typo");
        assertThat(loads.get()).isEqualTo(1);

        nanos.addAndGet(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            FlagsStatus.SourceStatus status = flags.status();
            assertThat(status.lastError()).isNull();
            assertThat(status.state()).isEqualTo(FlagsStatus.State.READY);
        });
        assertThat(loads.get()).isEqualTo(2);
    }
}
