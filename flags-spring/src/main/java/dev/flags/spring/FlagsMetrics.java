package dev.flags.spring;

import dev.flags.ErrorCode;
import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagObserver;
import dev.flags.FlagsStatus;
import dev.flags.Reason;
import dev.flags.Subscription;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Micrometer metrics of a {@link FeatureFlags} client:
 *
 * <ul>
 *   <li>{@code flags.evaluations} (counter), tagged {@code flag}, {@code variant} ({@code none} when the caller's
 *       default was served) and {@code reason}. The {@code flag} tag is the key only for keys a source or store
 *       defines; every key nothing defines (a typo, a key taken from a request) counts under
 *       {@value #UNKNOWN_FLAG}, and past {@value #MAX_FLAG_TAGS} distinct keys the others count under
 *       {@value #OTHER_FLAGS}, so no caller can grow the meters without bound;</li>
 *   <li>{@code flags.state} (gauge), 1 for the current state and 0 for the others, tagged {@code state}
 *       ({@code INITIALIZING}, {@code READY}, {@code STALE});</li>
 *   <li>{@code flags.staleness} (gauge, seconds): 0 while fresh, the time since the last good sync while stale,
 *       NaN before the first document;</li>
 *   <li>{@code flags.last.sync} (gauge, seconds since the epoch): when a source last delivered or confirmed its
 *       document (a remote store's 304 counts), NaN before that; alert on its age to catch a store that stopped
 *       answering;</li>
 *   <li>{@code flags.revision} (gauge; NaN without one), {@code flags.count} (gauge: flags defined),
 *       {@code flags.unknown.evaluations} (counter: evaluations of keys no source defines);</li>
 *   <li>{@code flags.sync} (timer), tagged {@code source} and {@code result} ({@code success},
 *       {@code failure}): each attempt of a source to sync, such as a remote store's fetch with its retries;</li>
 *   <li>{@code flags.circuit.breaker} (gauge), tagged {@code source}, for sources that have one: 0 closed,
 *       1 half-open, 2 open;</li>
 *   <li>{@code flags.guards.tripped} (gauge): how many release guards have tripped in this client and still hold
 *       their flag killed; {@code flags.guards.trips} (counter), tagged {@code flag} (bounded as
 *       {@code flags.evaluations}' tag): each trip, counted once, as the client's status reports it.</li>
 * </ul>
 *
 * <p>Evaluations the actuator endpoint makes for an operator ({@link OperatorEvaluations}) are not counted.
 * Evaluations are counted by a {@link FlagObserver} without allocating: successful evaluations are precomputed
 * instances, so the counters are cached per {@link Evaluation} (equal evaluations share one). The cache is
 * bounded; past {@value #MAX_CACHED} distinct evaluations it starts over, which costs lookups, not counts.
 * Thread-safe. Bind it to registries with {@link #bindTo}; {@link #close()} stops counting.
 */
public final class FlagsMetrics implements MeterBinder, FlagObserver, AutoCloseable {

    /** How many distinct evaluations keep their counters cached. */
    public static final int MAX_CACHED = 10_000;

    /** The {@code flag} tag of evaluations of keys that no source or store defines. */
    public static final String UNKNOWN_FLAG = "_unknown";

    /** The {@code flag} tag of defined keys past the first {@value #MAX_FLAG_TAGS}. */
    public static final String OTHER_FLAGS = "_other";

    /** How many distinct flag keys get a {@code flag} tag of their own. */
    public static final int MAX_FLAG_TAGS = 1_000;

    private static final Counter[] NONE = new Counter[0];
    private static final String CIRCUIT_BREAKER = "circuitBreaker";

    private final FeatureFlags flags;
    private final Clock clock;
    private final Map<Evaluation<?>, Counter[]> counters = new ConcurrentHashMap<>();
    private final Function<Evaluation<?>, Counter[]> register = this::register;
    private final Set<String> taggedFlags = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry[] registries = new MeterRegistry[0];
    private volatile Counter[] unknown;
    private List<FlagsStatus.TrippedGuard> seenTrips = List.of();
    private Subscription subscription;

    public FlagsMetrics(FeatureFlags flags) {
        this(flags, Clock.systemUTC());
    }

    FlagsMetrics(FeatureFlags flags, Clock clock) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        for (FlagsStatus.State state : FlagsStatus.State.values()) {
            Gauge.builder("flags.state", flags, f -> f.status().state() == state ? 1 : 0)
                    .tag("state", state.name())
                    .description("1 for the flags client's current state, 0 for the others")
                    .register(registry);
        }
        Gauge.builder("flags.staleness", flags, this::staleness)
                .baseUnit("seconds")
                .description("Seconds since the last good sync while stale; 0 while fresh; NaN before the first document")
                .register(registry);
        Gauge.builder("flags.last.sync", flags, f -> epochSeconds(f.status().lastSync()))
                .baseUnit("seconds")
                .description("When a source last delivered or confirmed its document, in seconds since the epoch")
                .register(registry);
        Gauge.builder("flags.revision", flags, f -> revision(f.status()))
                .description("The revision of the flag document answering")
                .register(registry);
        Gauge.builder("flags.count", flags, f -> f.status().flagCount())
                .description("How many flags are defined")
                .register(registry);
        FunctionCounter.builder("flags.unknown.evaluations", flags, f -> f.status().unknownFlagEvaluations())
                .description("Evaluations of flag keys that no source defines")
                .register(registry);
        Gauge.builder("flags.guards.tripped", flags, f -> f.status().trippedGuards().size())
                .description("Release guards tripped in this client, whose flags serve their off variant here")
                .register(registry);
        for (FlagsStatus.SourceStatus source : flags.status().sources()) {
            if (source.details().containsKey(CIRCUIT_BREAKER)) {
                String name = source.name();
                Gauge.builder("flags.circuit.breaker", flags, f -> breakerState(f, name))
                        .tag("source", name)
                        .description("The circuit breaker in front of the source: 0 closed, 1 half-open, 2 open")
                        .register(registry);
            }
        }
        MeterRegistry[] bound = Arrays.copyOf(registries, registries.length + 1);
        bound[bound.length - 1] = registry;
        registries = bound;
        counters.clear();
        unknown = null;
        if (subscription == null) {
            subscription = flags.observe(this);
            countTrips(flags.status());
        }
    }

    /** Counts the guards that tripped since the status last seen. Runs on the client's events thread. */
    @Override
    public void onStatusChange(FlagsStatus status) {
        countTrips(status);
    }

    /**
     * Counts each trip of the status that the previous one did not hold (a trip is a flag, its numbers and its
     * time: a definition tripped anew is a new trip). The trips seen are the last status's only, so they stay few.
     */
    private synchronized void countTrips(FlagsStatus status) {
        List<FlagsStatus.TrippedGuard> trips = status.trippedGuards();
        for (FlagsStatus.TrippedGuard trip : trips) {
            if (!seenTrips.contains(trip)) {
                for (MeterRegistry registry : registries) {
                    Counter.builder("flags.guards.trips")
                            .description("Release guards that tripped in this client, by flag")
                            .tag("flag", flagTag(trip.flag()))
                            .register(registry)
                            .increment();
                }
            }
        }
        seenTrips = trips;
    }

    @Override
    public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
        if (OperatorEvaluations.inProgress()) {
            return;
        }
        if (evaluation.errorCode() == ErrorCode.FLAG_NOT_FOUND) {
            increment(unknown());
            return;
        }
        Counter[] cached = counters.get(evaluation);
        if (cached == null) {
            if (counters.size() >= MAX_CACHED) {
                counters.clear();
            }
            cached = counters.computeIfAbsent(evaluation, register);
        }
        increment(cached);
    }

    private static void increment(Counter[] counters) {
        for (Counter counter : counters) {
            counter.increment();
        }
    }

    /** The counters of every key nothing defines, registered on first use. */
    private Counter[] unknown() {
        Counter[] shared = unknown;
        if (shared == null) {
            shared = counters(UNKNOWN_FLAG, null, Reason.ERROR);
            unknown = shared;
        }
        return shared;
    }

    private Counter[] register(Evaluation<?> evaluation) {
        return counters(flagTag(evaluation.flagKey()), evaluation.variant(), evaluation.reason());
    }

    /** The {@code flag} tag of a defined key: the key itself for the first {@value #MAX_FLAG_TAGS} keys. */
    private String flagTag(String key) {
        boolean tagged = taggedFlags.contains(key) || taggedFlags.size() < MAX_FLAG_TAGS && taggedFlags.add(key);
        return tagged ? key : OTHER_FLAGS;
    }

    private Counter[] counters(String flag, String variant, Reason reason) {
        MeterRegistry[] bound = registries;
        if (bound.length == 0) {
            return NONE;
        }
        Counter[] registered = new Counter[bound.length];
        for (int i = 0; i < bound.length; i++) {
            registered[i] = Counter.builder("flags.evaluations")
                    .description("Flag evaluations by flag, variant and reason")
                    .tag("flag", flag)
                    .tag("variant", variant == null ? "none" : variant)
                    .tag("reason", reason.name())
                    .register(bound[i]);
        }
        return registered;
    }

    @Override
    public void onSync(String source, Duration took, boolean success) {
        for (MeterRegistry registry : registries) {
            Timer.builder("flags.sync")
                    .description("Attempts of a flag source to sync, by source and result")
                    .tag("source", source)
                    .tag("result", success ? "success" : "failure")
                    .register(registry)
                    .record(took);
        }
    }

    private static double breakerState(FeatureFlags flags, String source) {
        for (FlagsStatus.SourceStatus status : flags.status().sources()) {
            if (status.name().equals(source)) {
                return switch (status.details().getOrDefault(CIRCUIT_BREAKER, "")) {
                    case "CLOSED" -> 0;
                    case "HALF_OPEN" -> 1;
                    case "OPEN" -> 2;
                    default -> Double.NaN;
                };
            }
        }
        return Double.NaN;
    }

    private double staleness(FeatureFlags flags) {
        FlagsStatus status = flags.status();
        return switch (status.state()) {
            case INITIALIZING -> Double.NaN;
            case READY -> 0;
            case STALE -> status.lastSync() == null ? Double.NaN
                    : Duration.between(status.lastSync(), Instant.now(clock)).toMillis() / 1000.0;
        };
    }

    private static double epochSeconds(Instant instant) {
        return instant == null ? Double.NaN : instant.toEpochMilli() / 1000.0;
    }

    private static double revision(FlagsStatus status) {
        return status.revision() == null ? Double.NaN : status.revision();
    }

    /** Stops counting evaluations. The gauges stay registered. */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
    }
}
