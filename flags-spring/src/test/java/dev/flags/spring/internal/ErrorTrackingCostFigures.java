package dev.flags.spring.internal;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.Subscription;
import dev.flags.spring.FlagsProperties;
import java.util.Arrays;

/**
 * Measures what {@link ErrorTracking}'s observer adds to an evaluation: a guarded rollout evaluated by a client
 * without observers, with the observer outside a request, and with it inside one. Not a test (timings on a shared
 * machine are no assertion); run it with
 * {@code java -cp <test class path> dev.flags.spring.internal.ErrorTrackingCostFigures}. The three are measured in
 * turn, round after round (so that a machine's load falls on all three alike): 5 rounds of warm-up, then the median
 * of 25 rounds of 1,000,000 evaluations each, in ns per evaluation.
 */
public final class ErrorTrackingCostFigures {

    private static final int USERS = 1024;
    private static final int CALLS = 1_000_000;
    private static final int WARM_UP = 5;
    private static final int ROUNDS = 25;

    private static long sink;

    private ErrorTrackingCostFigures() {
    }

    public static void main(String[] args) {
        FlagContext[] users = new FlagContext[USERS];
        for (int i = 0; i < USERS; i++) {
            users[i] = FlagContext.of("user-" + i);
        }
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory("""
                flags:
                  rollout-50:
                    default: { rollout: { on: 50, off: 50 } }
                    guard: { event: error, variant: on }
                """)).build()) {
            ErrorTracking tracking = new ErrorTracking(flags, new FlagsProperties.Guards(true, true));
            double[] without = new double[ROUNDS];
            double[] outside = new double[ROUNDS];
            double[] inside = new double[ROUNDS];
            for (int round = -WARM_UP; round < ROUNDS; round++) {
                double plain = round(flags, users);
                Subscription observing = flags.observe(tracking);
                double notInRequest = round(flags, users);
                ErrorTracking.Request request = tracking.open();
                double inRequest = round(flags, users);
                tracking.close(request, false);
                observing.close();
                if (round >= 0) {
                    without[round] = plain;
                    outside[round] = notInRequest;
                    inside[round] = inRequest;
                }
            }
            System.out.printf("ns per evaluation of a guarded 50%% rollout (median of %d rounds): no observer %.1f,"
                    + " with the tracking observer outside a request %.1f, inside a request %.1f (sink %d)%n", ROUNDS,
                    median(without), median(outside), median(inside), sink);
        }
    }

    private static double round(FeatureFlags flags, FlagContext[] users) {
        long start = System.nanoTime();
        for (int i = 0; i < CALLS; i++) {
            sink += flags.isEnabled("rollout-50", users[i & (USERS - 1)]) ? 1 : 0;
        }
        return (System.nanoTime() - start) / (double) CALLS;
    }

    private static double median(double[] rounds) {
        double[] sorted = rounds.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
