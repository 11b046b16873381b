package dev.flags.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scenarios every library is measured on, the same flags for each (their definitions, in each library's own
 * format, are under {@code src/main/resources}):
 *
 * <ul>
 *   <li>{@code static-on}: a boolean flag on for everyone;
 *   <li>{@code rollout-50}: on for 50% of users, sticky by user id;
 *   <li>{@code nl-or-10}: on where {@code country == "NL"}, otherwise a sticky 10% rollout;
 *   <li>{@code no-such-flag}: defined nowhere, the caller's default comes back.
 * </ul>
 *
 * <p>A library joins the comparison with one subclass: it starts the library offline ({@link #start()}), builds
 * its context type from a user id and country ({@link #context}), and evaluates each flag the way that library's
 * users would. The benchmarks, the pre-built users and the sanity check ({@link SanityCheck}, run in
 * {@link #setUp()} so that a library set up wrong fails the run instead of measuring a default) are inherited.
 * JMH runs each subclass in its own JVM, so the calls from here into the subclass are monomorphic there.
 *
 * @param <U> the library's context (user) type
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class Scenarios<U> {

    public static final String STATIC_ON = "static-on";
    public static final String ROLLOUT_50 = "rollout-50";
    public static final String RULE_THEN_ROLLOUT = "nl-or-10";
    public static final String MISSING = "no-such-flag";

    private Object[] users;

    /** Starts the library, builds the {@link Users}' contexts and checks that the library really evaluates. */
    @Setup(Level.Trial)
    public final void setUp() throws Exception {
        setUp(SanityCheck.IDS);
    }

    /** {@link #setUp()} with the rollouts checked on this many ids (the unit test checks fewer, to stay quick). */
    final void setUp(int sanityIds) throws Exception {
        start();
        Object[] built = new Object[Users.COUNT];
        for (int n = 0; n < Users.COUNT; n++) {
            built[n] = context(Users.idOf(n), Users.countryOf(n));
        }
        users = built;
        SanityCheck.verify(this, sanityIds);
    }

    @TearDown(Level.Trial)
    public final void tearDown() throws Exception {
        stop();
    }

    @Benchmark
    public boolean staticOn(Cursor cursor) {
        return staticOnFor(user(cursor.next()));
    }

    @Benchmark
    public boolean rollout50(Cursor cursor) {
        return rollout50For(user(cursor.next()));
    }

    @Benchmark
    public boolean ruleThenRollout(Cursor cursor) {
        return ruleThenRolloutFor(user(cursor.next()));
    }

    /** {@link #ruleThenRollout} from two threads at once: what sharing the client costs (2 cores here). */
    @Benchmark
    @Threads(2)
    public boolean ruleThenRollout2Threads(Cursor cursor) {
        return ruleThenRolloutFor(user(cursor.next()));
    }

    @Benchmark
    public boolean missingFlag(Cursor cursor) {
        return missingFlagFor(user(cursor.next()));
    }

    /** Builds the context from the raw id and country on every call, then evaluates {@code rollout-50}. */
    @Benchmark
    public boolean buildContextThenRollout(Cursor cursor) {
        int n = cursor.next();
        return rollout50For(context(Users.idOf(n), Users.countryOf(n)));
    }

    @SuppressWarnings("unchecked")
    final U user(int n) {
        return (U) users[n];
    }

    /** The library's name in reports. */
    public abstract String library();

    /** Starts the library offline, from a local file or in-memory data; returns once it serves the flags. */
    protected abstract void start() throws Exception;

    /** Stops the library and removes whatever {@link #start()} created. */
    protected abstract void stop() throws Exception;

    /** The library's context for a user with this id (the sticky rollouts' key) and {@code country}. */
    protected abstract U context(String id, String country);

    protected abstract boolean staticOnFor(U user);

    protected abstract boolean rollout50For(U user);

    protected abstract boolean ruleThenRolloutFor(U user);

    /** Evaluates {@code no-such-flag} asking for {@link #missingFlagDefault()} where the library takes a default. */
    protected abstract boolean missingFlagFor(U user);

    /** What {@link #missingFlagFor} returns: the caller's default, {@code true}, unless the library has none. */
    protected boolean missingFlagDefault() {
        return true;
    }
}
