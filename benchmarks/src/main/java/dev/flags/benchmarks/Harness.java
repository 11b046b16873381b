package dev.flags.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under the {@link Scenarios}' figures, no library involved: what the harness itself costs per call
 * (picking the next user, consuming the result), and that plus one {@code HashMap.containsKey} of a missing key,
 * the whole of FF4J's {@code missingFlag}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Harness {

    private final Object[] users = new Object[Users.COUNT];
    private final Map<String, Object> flags = new HashMap<>();

    public Harness() {
        for (int n = 0; n < Users.COUNT; n++) {
            users[n] = Users.idOf(n);
        }
        flags.put(Scenarios.STATIC_ON, Boolean.TRUE);
        flags.put(Scenarios.ROLLOUT_50, Boolean.TRUE);
        flags.put(Scenarios.RULE_THEN_ROLLOUT, Boolean.TRUE);
    }

    @Benchmark
    public boolean nextUser(Cursor cursor) {
        return users[cursor.next()] != null;
    }

    @Benchmark
    public boolean nextUserAndContainsKey(Cursor cursor) {
        return users[cursor.next()] != null && !flags.containsKey(Scenarios.MISSING);
    }
}
