package dev.flags.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.Subscription;
import dev.flags.spring.FlagsEndpoint;
import dev.flags.spring.FlagsProperties;
import dev.flags.spring.UsageSource;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a request remembers of its evaluations, and what it costs each evaluation. */
class ErrorTrackingTest {

    private static final String DOCUMENT = """
            flags:
              guarded:
                targets: { on: [alice], off: [bob] }
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 1000 }
              plain: { enabled: true }
            """;

    private final UsageSource source = new UsageSource(DOCUMENT);
    private final FeatureFlags flags = FeatureFlags.builder().source(source).build();
    private final ErrorTracking tracking = new ErrorTracking(flags, new FlagsProperties.Guards(true, true));
    private final Subscription observing = flags.observe(tracking);

    @AfterEach
    void close() {
        observing.close();
        flags.close();
    }

    @Test
    void aFailedRequestIsTrackedForItsFirstGuardedEvaluationsContext() {
        ErrorTracking.Request request = tracking.open();
        flags.isEnabled("plain", FlagContext.of("alice"));
        flags.isEnabled("guarded", FlagContext.of("bob"));
        flags.isEnabled("guarded", FlagContext.of("alice"));
        tracking.close(request, true);

        assertThat(source.events("guarded", "error")).isEqualTo(Map.of("off", 1L));
    }

    @Test
    void aFailedRequestThatEvaluatedNoGuardedFlagIsNotTracked() {
        ErrorTracking.Request request = tracking.open();
        flags.isEnabled("plain", FlagContext.of("alice"));
        tracking.close(request, true);

        assertThat(source.events("guarded", "error")).isEmpty();
    }

    @Test
    void evaluationsOutsideARequestOrAfterItAreNotRemembered() {
        flags.isEnabled("guarded", FlagContext.of("alice"));
        ErrorTracking.Request first = tracking.open();
        tracking.close(first, false);
        flags.isEnabled("guarded", FlagContext.of("alice"));

        tracking.close(tracking.open(), true);

        assertThat(source.events("guarded", "error")).isEmpty();
    }

    @Test
    void anOperatorsLookupIsNotTheRequestsEvaluation() {
        ErrorTracking.Request request = tracking.open();
        new FlagsEndpoint(flags).flag("guarded", "alice", null);
        tracking.close(request, true);

        assertThat(source.events("guarded", "error")).isEmpty();
    }

    @Test
    void aMethodFailureTrackedDuringTheRequestIsItsOneError() {
        ErrorTracking.Request request = tracking.open();
        flags.isEnabled("guarded", FlagContext.of("alice"));
        tracking.methodFailed(FlagContext.of("alice"));
        tracking.methodFailed(FlagContext.of("alice"));
        tracking.close(request, true);

        assertThat(source.events("guarded", "error")).isEqualTo(Map.of("on", 1L));
    }

    /**
     * The observer runs inside every evaluation: it must not allocate. Measured with the JVM's per-thread
     * allocation counter over a warmed-up loop, inside a request and outside one; one allocation per evaluation
     * would show as at least 16 bytes a call, over 3 MB over the loop.
     */
    @Test
    void observingEvaluationsAllocatesNothing() {
        FlagContext alice = FlagContext.of("alice");
        ErrorTracking.Request request = tracking.open();
        Runnable inRequest = () -> {
            flags.isEnabled("guarded", alice);
            flags.isEnabled("plain", alice);
        };
        Runnable outside = () -> {
            flags.isEnabled("guarded", alice);
            flags.isEnabled("plain", alice);
        };

        long inside = allocated(inRequest);
        tracking.close(request, false);
        long without = allocated(outside);

        assertThat(inside).as("bytes allocated over 200,000 evaluations in a request").isLessThan(100_000);
        assertThat(without).as("bytes allocated over 200,000 evaluations outside requests").isLessThan(100_000);
    }

    private static long allocated(Runnable twoEvaluations) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 100_000; i++) {
            twoEvaluations.run();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            twoEvaluations.run();
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
