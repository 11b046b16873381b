package dev.flags;

import dev.flags.internal.Attributes;
import dev.flags.internal.FlagsRuntime;
import dev.flags.internal.Outcome;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The feature flag client: evaluates flags for a context, from the documents its sources deliver.
 *
 * <pre>{@code
 * FeatureFlags flags = FeatureFlags.builder()
 *         .source(FlagSources.classpath("flags.yaml"))
 *         .build();
 * boolean on = flags.isEnabled("new-checkout", FlagContext.of("user-42"));
 * }</pre>
 *
 * <p><b>Evaluation never throws</b> and never returns null for a non-null default: a missing or broken flag, a
 * null key, a null context, a type mismatch, or a failing store, segment membership or observer all give the
 * caller's default (with {@link Reason#ERROR} and an {@link ErrorCode} in the {@code evaluate...} details).
 * Evaluation takes no lock, does no I/O, logs nothing, and allocates nothing for boolean, string, long and
 * double values once the context is built. Thread-safe.
 *
 * <p><b>One exception to "no waiting": a cold per-key read.</b> A flag that only a {@link FlagStore} defines,
 * evaluated for the first time (or again after it expired from the cache), waits for the store's load, up to
 * {@link StoreCaching#coldTimeout()} (250 ms by default); past it, the caller gets its default and the load goes
 * on in the background. An external segment asked for the first time waits the same way. Once a key is cached,
 * its evaluation never waits (refreshes happen in the background). After {@link #close()} nothing waits.
 *
 * <p>Create one client per application and {@link #close()} it on shutdown; its background threads are
 * daemon threads, so an application that forgets to close it still exits.
 */
public final class FeatureFlags implements AutoCloseable {

    private final FlagsRuntime runtime;

    private FeatureFlags(FlagsRuntime runtime) {
        this.runtime = runtime;
    }

    /** Starts configuring a client. */
    public static Builder builder() {
        return new Builder();
    }

    /** True when the flag serves the boolean {@code true} for this context; false when missing, off or broken. */
    public boolean isEnabled(@Nullable String flagKey, @Nullable FlagContext context) {
        return getBoolean(flagKey, context, false);
    }

    /** The flag's boolean value for this context, or the default when it is missing, off without one, or not a boolean. */
    public boolean getBoolean(@Nullable String flagKey, @Nullable FlagContext context, boolean defaultValue) {
        Outcome outcome = runtime.decide(flagKey, attributes(context));
        if (runtime.observed()) {
            runtime.notifyObservers(outcome.asBoolean(flagKey, defaultValue), context);
        }
        return outcome.booleanValue(defaultValue);
    }

    /** The flag's text value for this context, or the default when it is missing, broken or not a text. */
    public String getString(@Nullable String flagKey, @Nullable FlagContext context, String defaultValue) {
        Outcome outcome = runtime.decide(flagKey, attributes(context));
        if (runtime.observed()) {
            runtime.notifyObservers(outcome.asString(flagKey, defaultValue), context);
        }
        return outcome.stringValue(defaultValue);
    }

    /** A whole-number value; a variant written as {@code 5.0} counts, {@code 5.5} is a type mismatch. */
    public long getLong(@Nullable String flagKey, @Nullable FlagContext context, long defaultValue) {
        Outcome outcome = runtime.decide(flagKey, attributes(context));
        if (runtime.observed()) {
            runtime.notifyObservers(outcome.asLong(flagKey, defaultValue), context);
        }
        return outcome.longValue(defaultValue);
    }

    /** The flag's number value for this context (a whole number counts), or the default. */
    public double getDouble(@Nullable String flagKey, @Nullable FlagContext context, double defaultValue) {
        Outcome outcome = runtime.decide(flagKey, attributes(context));
        if (runtime.observed()) {
            runtime.notifyObservers(outcome.asDouble(flagKey, defaultValue), context);
        }
        return outcome.doubleValue(defaultValue);
    }

    /**
     * The variant's value whatever its JSON type, as immutable plain Java: {@link Boolean}, {@link String},
     * {@link Long}, {@link Double}, {@link List} or {@link Map} (of the same types).
     */
    public Object getObject(@Nullable String flagKey, @Nullable FlagContext context, Object defaultValue) {
        Outcome outcome = runtime.decide(flagKey, attributes(context));
        if (runtime.observed()) {
            runtime.notifyObservers(outcome.asObject(flagKey, defaultValue), context);
        }
        return outcome.objectValue(defaultValue);
    }

    /** Like {@link #getBoolean}, with the variant, the reason, the rule and any error. */
    public Evaluation<Boolean> evaluateBoolean(@Nullable String flagKey, @Nullable FlagContext context,
            boolean defaultValue) {
        return observed(runtime.decide(flagKey, attributes(context)).asBoolean(flagKey, defaultValue), context);
    }

    /** Like {@link #getString}, with the variant, the reason, the rule and any error. */
    public Evaluation<String> evaluateString(@Nullable String flagKey, @Nullable FlagContext context,
            String defaultValue) {
        return observed(runtime.decide(flagKey, attributes(context)).asString(flagKey, defaultValue), context);
    }

    /** Like {@link #getLong}, with the variant, the reason, the rule and any error. */
    public Evaluation<Long> evaluateLong(@Nullable String flagKey, @Nullable FlagContext context, long defaultValue) {
        return observed(runtime.decide(flagKey, attributes(context)).asLong(flagKey, defaultValue), context);
    }

    /** Like {@link #getDouble}, with the variant, the reason, the rule and any error. */
    public Evaluation<Double> evaluateDouble(@Nullable String flagKey, @Nullable FlagContext context,
            double defaultValue) {
        return observed(runtime.decide(flagKey, attributes(context)).asDouble(flagKey, defaultValue), context);
    }

    /** Like {@link #getObject}, with the details. */
    public Evaluation<Object> evaluateObject(@Nullable String flagKey, @Nullable FlagContext context,
            Object defaultValue) {
        return observed(runtime.decide(flagKey, attributes(context)).asObject(flagKey, defaultValue), context);
    }

    /**
     * Records that {@code event} happened for this context, such as an {@code error}: counted against the variant
     * each flag with a guard on that event serves the context, and judged by the guard, which kills the flag in
     * this client when the variant is worse than the others (see {@link dev.flags.model.Guard}). Costs about one
     * evaluation per guarded flag; does nothing for a flag without a guard. Never throws, takes no lock, does no
     * I/O and allocates nothing (but once, to trip a guard). Call it where the outcome is known, with the context
     * the flags were evaluated for.
     */
    public void track(@Nullable String event, @Nullable FlagContext context) {
        runtime.track(event, attributes(context));
    }

    /**
     * Whether a source defines this flag with a release guard now: one table lookup, for code that tracks events
     * only around guarded flags (such as flags-spring's tracking of failed requests). False for a null key.
     */
    public boolean isGuarded(@Nullable String flagKey) {
        return runtime.guarded(flagKey);
    }

    /** The context's parsed attributes, read without a cast: null for a null context. */
    private static @Nullable Attributes attributes(@Nullable FlagContext context) {
        return context == null ? null : context.parsed();
    }

    private <T> Evaluation<T> observed(Evaluation<T> evaluation, @Nullable FlagContext context) {
        if (runtime.observed()) {
            runtime.notifyObservers(evaluation, context);
        }
        return evaluation;
    }

    /** Local overrides that beat every source. */
    public Overrides overrides() {
        return runtime.overrides();
    }

    /**
     * Calls the listener whenever flags change: a new document changed some flags' definitions (or segments
     * they use), a store's refresh changed a flag, or an override changed. Listeners run on the client's own
     * daemon thread ({@code flags-events-N}), one event at a time, in the order changes applied, and only after
     * the change is visible to evaluations. They never run under a lock of the client nor on the thread that made
     * the change: a slow listener delays only the events after it, and a listener may itself set overrides (it
     * hears of that change after the one it is handling). Whatever a listener throws is logged and kept from the
     * others. Close the returned subscription to stop; it then hears of no event, even one already queued.
     */
    public Subscription onChange(Consumer<FlagChangeEvent> listener) {
        return runtime.onChange(listener);
    }

    /**
     * Calls the listener whenever the status changes: its state, revision, flag count or current error. Like
     * change listeners, it runs on the client's events thread, in order with them. Cheaper than a
     * {@link FlagObserver} for code that only follows the status: it is not called on evaluations.
     */
    public Subscription onStatusChange(Consumer<FlagsStatus> listener) {
        return runtime.onStatusChange(listener);
    }

    /**
     * Adds an observer of evaluations (on the evaluating thread) and status changes (on the events thread). Close
     * the returned subscription to remove it.
     */
    public Subscription observe(FlagObserver observer) {
        return runtime.observe(observer);
    }

    /**
     * Whether flags are loaded and fresh, with the revision, last sync and current error. Never waits for a
     * source, a store or a listener, so health checks may call it as often as they like.
     */
    public FlagsStatus status() {
        return runtime.status();
    }

    /** Every flag key some source defines, mapped to the name of the source that answers for it. */
    public Map<String, String> flagKeys() {
        return runtime.flagSources();
    }

    /**
     * Stops every source, store and membership and the threads the client started (waiting up to a few seconds
     * for a listener still running). Evaluation keeps answering from the last flags; a store key not cached yet
     * answers at once with the default. Closing twice does nothing.
     */
    @Override
    public void close() {
        runtime.close();
    }

    /** The client's status, in one line. */
    @Override
    public String toString() {
        return "FeatureFlags[" + status() + "]";
    }

    /** Configures a {@link FeatureFlags}. Not thread-safe. */
    public static final class Builder {
        private final List<FlagSource> sources = new ArrayList<>();
        private final List<FlagObserver> observers = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private @Nullable FlagStore store;
        private @Nullable SegmentMembership segments;
        private StoreCaching storeCaching = StoreCaching.defaults();

        private Builder() {
        }

        /**
         * Adds a source. Sources layer in the order added: for each flag key, the last source that defines it
         * answers (an emergency file above a remote store, a bundled bootstrap document below it). Each source
         * keeps its own last good document.
         */
        public Builder source(FlagSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The time for schedules, ramps and {@code before}/{@code after} conditions. Default: the UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * A store that answers the flags no source defines, one key at a time, through a cache (see
         * {@link FlagStore} and {@link #storeCaching}).
         */
        public Builder store(FlagStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Answers the segments documents declare {@code external: true}, and those a store's flags name. */
        public Builder segments(SegmentMembership segments) {
            this.segments = Objects.requireNonNull(segments, "segments");
            return this;
        }

        /** How the answers of the store and the segment membership are cached. Default {@link StoreCaching#defaults()}. */
        public Builder storeCaching(StoreCaching caching) {
            this.storeCaching = Objects.requireNonNull(caching, "caching");
            return this;
        }

        /** Adds an observer from the start, so that it sees the first status change too. */
        public Builder observer(FlagObserver observer) {
            observers.add(Objects.requireNonNull(observer, "observer"));
            return this;
        }

        /**
         * Builds the client and starts its sources. Never throws because a source cannot be reached or holds an
         * invalid document: the client then reports it in {@link FeatureFlags#status()} and serves defaults
         * until a valid document arrives.
         */
        public FeatureFlags build() {
            FlagsRuntime runtime = new FlagsRuntime(clock, sources, observers, store, segments, storeCaching);
            runtime.start();
            return new FeatureFlags(runtime);
        }
    }
}
