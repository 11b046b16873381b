package dev.flags.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The guard's statistics by simulation, on fixed seeds: how often it trips a healthy rollout, and how many
 * evaluations a regression needs before it trips. The printed table is the one in the flags-core README.
 */
class GuardStatisticsTest {

    private static final double BASE_RATE = 0.01;
    private static final long HEALTHY_HORIZON = 100_000;
    private static final long REGRESSION_HORIZON = 2_000_000;

    private final Guard guard = Guard.of("error", "on");

    @Test
    void tripsAtMostOnePercentOfAThousandHealthyRollouts() {
        SplittableRandom random = new SplittableRandom(42);
        int trips = 0;
        for (int run = 0; run < 1_000; run++) {
            if (samplesToTrip(BASE_RATE, BASE_RATE, HEALTHY_HORIZON, random) > 0) {
                trips++;
            }
        }
        System.out.printf("healthy rollouts tripped: %d of 1000 (%,d evaluations per arm each)%n", trips,
                HEALTHY_HORIZON);
        assertThat(trips).isLessThanOrEqualTo(10);
    }

    @Test
    void tripsOnAThreefoldRegression() {
        long[] samples = samplesToTrip(3.0, 200, new SplittableRandom(7));
        assertThat(Arrays.stream(samples).filter(n -> n == 0).count()).isZero();
    }

    @Test
    void samplesARegressionNeeds() {
        SplittableRandom random = new SplittableRandom(11);
        System.out.println("| regression | tripped | median evaluations per arm | 90th percentile |");
        for (double ratio : new double[] {1.5, 2, 3}) {
            long[] samples = samplesToTrip(ratio, 200, random);
            long tripped = Arrays.stream(samples).filter(n -> n > 0).count();
            long[] sorted = Arrays.stream(samples).map(n -> n > 0 ? n : Long.MAX_VALUE).sorted().toArray();
            System.out.printf("| %sx (1%% -> %s%%) | %d of %d | %,d | %s |%n", ratio, ratio, tripped,
                    samples.length, sorted[sorted.length / 2], sorted[sorted.length * 9 / 10] == Long.MAX_VALUE
                            ? "not tripped" : String.format("%,d", sorted[sorted.length * 9 / 10]));
            assertThat(tripped).isGreaterThan(samples.length / 2);
        }
    }

    @Test
    void aRegressionFarBelowMaxRatioRarelyTrips() {
        SplittableRandom random = new SplittableRandom(5);
        int trips = 0;
        for (int run = 0; run < 200; run++) {
            if (samplesToTrip(BASE_RATE * 1.05, BASE_RATE, HEALTHY_HORIZON, random) > 0) {
                trips++;
            }
        }
        System.out.printf("1.05x regressions tripped: %d of 200%n", trips);
        assertThat(trips).isLessThanOrEqualTo(10);
    }

    private long[] samplesToTrip(double ratio, int runs, SplittableRandom random) {
        long[] samples = new long[runs];
        for (int run = 0; run < runs; run++) {
            samples[run] = samplesToTrip(BASE_RATE * ratio, BASE_RATE, REGRESSION_HORIZON, random);
        }
        return samples;
    }

    /**
     * One rollout split evenly: each evaluation goes to both arms at once, events arrive in each arm after
     * geometric gaps, and the guard judges the counts at every event of the guarded arm (the only ones that
     * can raise its statistic), as a client does on every tracked event.
     *
     * @return the evaluations per arm when the guard tripped, or 0 if it did not within the horizon
     */
    private long samplesToTrip(double guardedRate, double controlRate, long horizon, SplittableRandom random) {
        long nextGuarded = gap(guardedRate, random);
        long nextControl = gap(controlRate, random);
        long guardedEvents = 0;
        long controlEvents = 0;
        while (Math.min(nextGuarded, nextControl) <= horizon) {
            if (nextControl <= nextGuarded) {
                controlEvents++;
                nextControl += gap(controlRate, random);
            } else {
                long samples = nextGuarded;
                guardedEvents++;
                nextGuarded += gap(guardedRate, random);
                if (guard.trips(samples, guardedEvents, samples, controlEvents)) {
                    return samples;
                }
            }
        }
        return 0;
    }

    /** Evaluations up to and including the next one with an event: geometric with success {@code rate}. */
    private static long gap(double rate, SplittableRandom random) {
        return 1 + (long) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - rate));
    }
}
