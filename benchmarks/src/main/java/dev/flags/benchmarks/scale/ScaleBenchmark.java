package dev.flags.benchmarks.scale;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.benchmarks.Cursor;
import dev.flags.benchmarks.Scenarios;
import dev.flags.benchmarks.Users;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluation with 10 and with 10,000 flags in the snapshot ({@link Documents}: the scenario flags and generated
 * ones with three rules each). {@code rollout50} and {@code ruleThenRollout} evaluate the same flag as the
 * scenarios do, so they show what the snapshot's size costs one lookup; {@code everyFlag} walks all the flags in
 * turn (each with a rule miss or two, then a rollout), so with 10,000 its working set no longer fits the CPU
 * caches, which is what an application that really evaluates 10,000 different flags pays.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ScaleBenchmark {

    @Param({"10", "10000"})
    public int flags;

    private FeatureFlags client;
    private FlagContext[] users;
    private String[] keys;

    @Setup(Level.Trial)
    public void setUp() {
        client = FeatureFlags.builder().source(FlagSources.inMemory(Documents.json(flags, null))).build();
        if (client.status().flagCount() != flags) {
            throw new IllegalStateException("expected " + flags + " flags: " + client.status());
        }
        users = new FlagContext[Users.COUNT];
        for (int n = 0; n < Users.COUNT; n++) {
            users[n] = FlagContext.builder(Users.id(n)).set("country", Users.country(n))
                    .set("appVersion", "2.4.1").set("plan", n % 3 == 0 ? "pro" : "free").set("age", 20 + n % 50)
                    .set("email", "u" + n + "@example.org").build();
        }
        keys = new String[flags];
        keys[0] = Scenarios.STATIC_ON;
        keys[1] = Scenarios.ROLLOUT_50;
        keys[2] = Scenarios.RULE_THEN_ROLLOUT;
        for (int n = Documents.SCENARIO_FLAGS; n < flags; n++) {
            keys[n] = Documents.key(n);
        }
        int on = 0;
        for (FlagContext user : users) {
            on += client.isEnabled(Scenarios.ROLLOUT_50, user) ? 1 : 0;
        }
        if (on < Users.COUNT * 0.4 || on > Users.COUNT * 0.6) {
            throw new IllegalStateException(Scenarios.ROLLOUT_50 + " is on for " + on + " of " + Users.COUNT);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        client.close();
    }

    @Benchmark
    public boolean rollout50(Cursor cursor) {
        return client.isEnabled(Scenarios.ROLLOUT_50, users[cursor.next()]);
    }

    @Benchmark
    public boolean ruleThenRollout(Cursor cursor) {
        return client.isEnabled(Scenarios.RULE_THEN_ROLLOUT, users[cursor.next()]);
    }

    @Benchmark
    public boolean everyFlag(FlagCursor flag, Cursor cursor) {
        return client.isEnabled(keys[flag.next(flags)], users[cursor.next()]);
    }

    /** Walks the flag keys in turn, one cursor per thread. */
    @State(Scope.Thread)
    public static class FlagCursor {
        private int next;

        int next(int count) {
            if (++next >= count) {
                next = 0;
            }
            return next;
        }
    }
}
