package dev.flags.benchmarks.guards;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSource;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;
import dev.flags.UsageCounts;
import dev.flags.benchmarks.Users;
import java.util.Map;
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
 * What release guards cost: {@code track} beside {@code getBoolean} of the same 50% rollout, guarded and not, and
 * an evaluation while a usage reporter has every flag counted. The guard watches {@code error} with a ratio no
 * healthy run reaches, so it judges on every tracked event of its variant and never trips.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class TrackBenchmark {

    static final String DOCUMENT = """
            flags:
              plain: { default: { rollout: { on: 50, off: 50 } } }
              guarded:
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 100, minSamples: 1 }
            """;

    /** {@code none}: only guarded flags are counted; {@code all}: a usage reporter has every flag counted. */
    @Param({"none", "all"})
    public String counting;

    private FeatureFlags flags;
    private final FlagContext[] users = new FlagContext[Users.COUNT];
    private int next;

    @Setup(Level.Trial)
    public void start() {
        FlagSource source = FlagSources.inMemory(DOCUMENT);
        UsageCounts[] usage = new UsageCounts[1];
        flags = FeatureFlags.builder().source(new FlagSource() {
            @Override
            public String name() {
                return source.name();
            }

            @Override
            public void start(Listener listener) {
                usage[0] = listener.usage();
                source.start(listener);
            }

            @Override
            public Map<String, String> details() {
                return source.details();
            }

            @Override
            public void close() {
                source.close();
            }
        }).build();
        if (flags.status().state() != FlagsStatus.State.READY) {
            throw new IllegalStateException("the document did not load: " + flags.status());
        }
        if (counting.equals("all")) {
            usage[0].countAll();
        }
        for (int n = 0; n < users.length; n++) {
            users[n] = FlagContext.builder(Users.id(n)).set("country", Users.country(n)).build();
        }
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (!flags.status().trippedGuards().isEmpty()) {
            throw new IllegalStateException("a guard tripped, so later calls measured a killed flag: " + flags.status());
        }
        flags.close();
    }

    private FlagContext user() {
        return users[next++ & (Users.COUNT - 1)];
    }

    @Benchmark
    public boolean getBooleanUnguarded() {
        return flags.getBoolean("plain", user(), false);
    }

    @Benchmark
    public boolean getBooleanGuarded() {
        return flags.getBoolean("guarded", user(), false);
    }

    /** Evaluates the guarded flag for the context, counts the event against its variant, and judges. */
    @Benchmark
    public void track() {
        flags.track("error", user());
    }

    /** An event no guard watches: what {@code track} costs where nothing is guarded on it. */
    @Benchmark
    public void trackUnwatchedEvent() {
        flags.track("checkout-completed", user());
    }
}
