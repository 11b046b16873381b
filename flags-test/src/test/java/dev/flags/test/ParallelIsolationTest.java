package dev.flags.test;

import static dev.flags.test.FlagsExtensionTest.ANYONE;
import static dev.flags.test.Jupiter.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Tests running at the same time each see their own flags. The fixtures run on the Jupiter engine with parallel
 * execution on; a barrier holds every test until all four run at once, so the checks happen while the others have
 * set different values.
 */
class ParallelIsolationTest {

    private static final Map<String, String> PARALLEL = Map.of(
            "junit.jupiter.execution.parallel.enabled", "true",
            "junit.jupiter.execution.parallel.config.strategy", "fixed",
            "junit.jupiter.execution.parallel.config.fixed.parallelism", "8");

    static volatile CyclicBarrier barrier;
    static final Set<String> threads = ConcurrentHashMap.newKeySet();

    private static void allTogether() {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the four tests did not run at the same time", e);
        }
        threads.add(Thread.currentThread().getName());
    }

    @Test
    void testsRunningAtTheSameTimeSeeOnlyTheirOwnFlags() {
        barrier = new CyclicBarrier(4);
        threads.clear();

        run(FourAtOnce.class, PARALLEL).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));

        assertThat(threads).hasSize(4);
    }

    /**
     * The invocations of a {@code @VaryFlags} template run at the same time (the fixture is concurrent, with room
     * for all four): each must still see only its own combination. A barrier that times out fails the invocation.
     */
    @Test
    void invocationsOfVaryFlagsInParallelExecutionSeeOnlyTheirOwnCombination() {
        barrier = new CyclicBarrier(4);
        threads.clear();

        run(VariationsAtOnce.class, PARALLEL).testEvents().assertStatistics(stats -> stats.started(4).succeeded(4));

        assertThat(threads).hasSize(4);
    }

    // ---- fixtures, run through Jupiter.run ----

    @Fixture
    @FlagTest
    @Execution(ExecutionMode.CONCURRENT)
    static class FourAtOnce {

        /** Sets the limit, waits for the others to set theirs, then checks its own values. */
        private static void check(TestFlags flags, long limit, boolean checkout) {
            flags.value("rate-limit", limit);
            allTogether();
            FeatureFlags client = flags.client();
            assertThat(client.getLong("rate-limit", ANYONE, -1L)).isEqualTo(limit);
            assertThat(client.isEnabled("new-checkout", ANYONE)).isEqualTo(checkout);
        }

        @Test
        @FlagOn("new-checkout")
        void one(TestFlags flags) {
            check(flags, 1, true);
        }

        @Test
        @FlagOff("new-checkout")
        void two(TestFlags flags) {
            check(flags, 2, false);
        }

        @Test
        void three(TestFlags flags) {
            flags.on("new-checkout");
            check(flags, 3, true);
        }

        @Test
        @FlagOn("new-checkout")
        void four(TestFlags flags) {
            flags.kill("new-checkout");
            check(flags, 4, false);
        }
    }

    @Fixture
    @Execution(ExecutionMode.CONCURRENT)
    static class VariationsAtOnce {
        @VaryFlags({"a", "b"})
        void test(FeatureFlags flags, TestInfo info) {
            allTogether();
            assertThat(VaryFlagsTest.nameOf(flags, "a", "b")).isEqualTo(info.getDisplayName());
        }
    }
}
