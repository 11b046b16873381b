package dev.flags.internal;

import dev.flags.DocumentProblem;
import dev.flags.ErrorCode;
import dev.flags.Evaluation;
import dev.flags.FlagChangeEvent;
import dev.flags.FlagContext;
import dev.flags.FlagObserver;
import dev.flags.FlagSource;
import dev.flags.FlagStore;
import dev.flags.FlagsStatus;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.Overrides;
import dev.flags.SegmentMembership;
import dev.flags.StoreCaching;
import dev.flags.Subscription;
import dev.flags.UsageCounts;
import dev.flags.UsageReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code FeatureFlags}: layers of sources, the published snapshot and the hot path, with
 * the observers it calls. Status ({@link ClientStatus}), change listeners ({@link Listeners}) and overrides
 * ({@link LocalOverrides}) live beside it.
 *
 * <p>Readers never lock: they read one volatile {@link Snapshot}. Writers (sources delivering documents,
 * override changes) serialize on one lock, build a new snapshot and publish it with one volatile write, so a
 * document applies atomically: no evaluation sees half of it. Nothing a source, store, document or callback
 * throws reaches a caller or ends a thread of the client.
 */
public final class FlagsRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlagsRuntime.class);
    private static final FlagObserver[] NO_OBSERVERS = new FlagObserver[0];
    private static final Outcome BROKEN = Outcome.failure(null, ErrorCode.GENERAL,
            "the evaluation failed unexpectedly; the caller's default is served", null);

    private final Clock clock;
    private final EvaluationScope scope;
    private final StoreFlags store;
    private final MembershipCache membership;
    private final List<Layer> layers = new ArrayList<>();
    private final Object lock = new Object();
    private final UnknownFlags unknownFlags = new UnknownFlags();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Listeners listeners = new Listeners(() -> this.observers);
    private final LocalOverrides overrides = new LocalOverrides(this, lock);
    private final ClientStatus status;
    private final Usage usage;
    /** The guards tripped in this client, by flag key; guarded by lock. */
    private final Map<String, GuardTrip> trips = new HashMap<>();

    private volatile Snapshot snapshot;
    private volatile FlagObserver[] observers;

    /**
     * @param store      answers flags no source defines, or null
     * @param membership answers external segments, or null
     */
    public FlagsRuntime(Clock clock, List<FlagSource> sources, List<FlagObserver> observers, FlagStore store,
            SegmentMembership membership, StoreCaching caching) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observers = observers.toArray(NO_OBSERVERS);
        this.store = store == null ? null
                : new StoreFlags(store, caching, clock, this::storeChanged, this::storeStatusChanged);
        this.membership = membership == null ? null
                : new MembershipCache(membership, caching, clock, this::storeStatusChanged);
        this.scope = new EvaluationScope(clock, this.store, this.membership);
        for (FlagSource source : sources) {
            layers.add(new Layer(source, this));
        }
        this.status = new ClientStatus(layers, this.store, this.membership, unknownFlags);
        this.usage = new Usage(clock, () -> this.snapshot);
        this.snapshot = rebuild();
        this.status.changed(snapshot);
    }

    /** Starts every source; a source that fails to start is reported, never thrown. */
    public void start() {
        for (Layer layer : layers) {
            try {
                layer.source.start(layer);
            } catch (Throwable e) {
                fail(layer, "could not start: " + e, e);
            }
        }
    }

    /**
     * The hot path: decides a flag for a context's attributes (null for a null context). Never throws, never
     * locks, allocates nothing.
     */
    public Outcome decide(String key, Attributes context) {
        if (key == null) {
            return Outcome.NULL_KEY;
        }
        if (context == null) {
            return Outcome.NULL_CONTEXT;
        }
        try {
            Outcome outcome = snapshot.decide(key, context, scope, 0);
            if (outcome.guarded || usage.countAll) {
                outcome.count();
            }
            if (outcome == Outcome.NOT_FOUND) {
                unknownFlags.record(key);
            }
            return outcome;
        } catch (Throwable e) {
            // Nothing should get here (stores and memberships are asked on their own threads); if something
            // does, evaluation still never throws.
            return BROKEN;
        }
    }

    /**
     * Counts an event against the variant each guarded flag serves this context, and trips a guard whose counts
     * say so. Never throws, takes no lock and allocates nothing, but for the one call that trips a guard.
     */
    public void track(String event, Attributes context) {
        if (event == null || context == null) {
            return;
        }
        Snapshot current = snapshot;
        for (CompiledFlag flag : current.guarded) {
            if (!flag.guard.event().equals(event)) {
                continue;
            }
            try {
                Variant served = current.decide(flag.key, context, scope, 0).variant;
                if (served != null && served.events != null) {
                    served.events.increment();
                    if (served == flag.guarded && !flag.tripped.get() && flag.guardTrips()) {
                        trip(flag);
                    }
                }
            } catch (Throwable e) {
                // As evaluation: tracking never throws.
            }
        }
    }

    /** Kills a flag in this client because its guard tripped: once per definition, told to listeners and status. */
    private void trip(CompiledFlag flag) {
        if (!flag.tripped.compareAndSet(false, true)) {
            return;
        }
        String summary = flag.judgeGuard().summary();
        Instant at = clock.instant();
        synchronized (lock) {
            if (snapshot.flags.get(flag.key) != flag) {
                return;  // its definition changed meanwhile; the new one is judged afresh
            }
            trips.put(flag.key, new GuardTrip(flag, flag.guardKill(summary),
                    new FlagsStatus.TrippedGuard(flag.key, summary, at)));
            snapshot = rebuild();
            announce(Set.of(flag.key));
            publishStatus();
        }
        usage.tripped(new UsageReport.Trip(flag.key, flag.since, summary, at));
        log.warn("The guard of flag {} tripped: {}. This client serves the flag's off variant until its definition "
                + "changes", flag.key, summary);
    }

    /** Whether a source defines this flag with a guard. */
    public boolean guarded(String key) {
        CompiledFlag flag = key == null ? null : snapshot.flags.get(key);
        return flag != null && flag.guard != null;
    }

    public UsageCounts usage() {
        return usage;
    }

    /** True when some observer wants to see evaluations; lets callers skip building what they would be given. */
    public boolean observed() {
        // An identity test rather than a length: no observers is always this one empty array (toArray of an
        // empty list into it returns it), and the test saves the hot path a load.
        return observers != NO_OBSERVERS;
    }

    /** Tells every observer of an evaluation; whatever an observer throws, an Error included, stays here. */
    public void notifyObservers(Evaluation<?> evaluation, FlagContext context) {
        for (FlagObserver observer : observers) {
            try {
                observer.onEvaluation(evaluation, context);
            } catch (Throwable ignored) {
                // Evaluation never throws and never logs; an observer's failure is its own business.
            }
        }
    }

    public Subscription observe(FlagObserver observer) {
        Objects.requireNonNull(observer, "observer");
        synchronized (lock) {
            FlagObserver[] grown = Arrays.copyOf(observers, observers.length + 1);
            grown[observers.length] = observer;
            observers = grown;
        }
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                synchronized (lock) {
                    List<FlagObserver> remaining = new ArrayList<>(Arrays.asList(observers));
                    remaining.remove(observer);
                    observers = remaining.toArray(NO_OBSERVERS);
                }
            }
        };
    }

    public Subscription onChange(Consumer<FlagChangeEvent> listener) {
        return listeners.onChange(listener);
    }

    public Subscription onStatusChange(Consumer<FlagsStatus> listener) {
        return listeners.onStatusChange(listener);
    }

    public Overrides overrides() {
        return overrides;
    }

    /** The keys of every flag defined by some source, with the name of the source that answers for each. */
    public Map<String, String> flagSources() {
        return snapshot.sources;
    }

    public FlagsStatus status() {
        synchronized (lock) {
            return status.current(snapshot);
        }
    }

    /** The flag a source defines under this key, or null. */
    CompiledFlag definedFlag(String key) {
        return snapshot.flags.get(key);
    }

    private void storeChanged(String key) {
        synchronized (lock) {
            announce(Set.of(key));
            publishStatus();
        }
    }

    private void storeStatusChanged() {
        synchronized (lock) {
            publishStatus();
        }
    }

    /**
     * Compiles a layer's new document (outside the lock) and publishes it.
     *
     * @param fetched when a kept document was fetched, or null for one fetched now
     */
    boolean apply(Layer layer, Supplier<CompiledDocument> compiler, Instant fetched) {
        CompiledDocument document;
        try {
            document = compiler.get();
        } catch (InvalidFlagDocumentException e) {
            rejected(layer, e);
            throw e;
        } catch (Throwable e) {
            // A document that overflows the compiler's stack, or a defect of the compiler: rejected like an
            // invalid document, so that the source's thread goes on and status() says why.
            InvalidFlagDocumentException invalid = new InvalidFlagDocumentException(layer.name,
                    List.of(new DocumentProblem(null, "document", "the document could not be compiled: " + e, 0, 0)));
            log.debug("Compiling a document of {} failed", layer.name, e);
            rejected(layer, invalid);
            throw invalid;
        }
        synchronized (lock) {
            Long current = layer.document == null ? null : layer.document.revision();
            if (current != null && document.revision() != null && document.revision() < current) {
                String message = "ignored revision " + document.revision() + ", older than the applied " + current;
                if (firstTime(layer, message)) {
                    log.info("Flag source {} {}", layer.name, message);
                }
                return false;
            }
            recovered(layer, fetched);
            layer.document = document.reusing(layer.document);
            publish();
            return true;
        }
    }

    private void rejected(Layer layer, InvalidFlagDocumentException e) {
        synchronized (lock) {
            List<DocumentProblem> problems = e.problems();
            String message = problems.size() == 1 ? "rejected an invalid document: " + problems.get(0)
                    : "rejected an invalid document with " + problems.size() + " problems, the first: "
                            + problems.get(0);
            String consequence = consequence(layer);
            layer.error = layer.document != null ? message : message + "; " + consequence;
            if (firstTime(layer, e.getMessage())) {
                // The consequence goes before the problems, one per line, never glued to the last of them.
                log.warn("Flag source {} rejected a document; {}. {}", layer.name, consequence, e.getMessage());
            }
            publishStatus();
        }
    }

    /**
     * Guarded by lock: what is served while a layer fails, so status() and the log tell which: the last good
     * flags, the other sources (a bootstrap document), or the callers' defaults.
     */
    private String consequence(Layer layer) {
        if (layer.document != null) {
            return "the last good flags stay in force";
        }
        List<String> others = layers.stream().filter(other -> other != layer && other.document != null)
                .map(other -> other.name).toList();
        return others.isEmpty() ? "no flags from it yet, callers get their defaults"
                : "no flags from it yet, " + String.join(", ", others) + " answer meanwhile";
    }

    /** Guarded by lock: true the first time a layer reports this problem since it was last healthy. */
    private static boolean firstTime(Layer layer, String problem) {
        if (layer.loggedErrors.size() >= 64) {
            layer.loggedErrors.clear();
        }
        return layer.loggedErrors.add(problem);
    }

    void synced(Layer layer, Duration took, boolean success) {
        for (FlagObserver observer : observers) {
            try {
                observer.onSync(layer.name, took, success);
            } catch (Throwable e) {
                log.warn("A flag observer failed on a sync of {}", layer.name, e);
            }
        }
    }

    void confirm(Layer layer) {
        synchronized (lock) {
            recovered(layer, null);
            publishStatus();
        }
    }

    void fail(Layer layer, String message, Throwable cause) {
        synchronized (lock) {
            String consequence = consequence(layer);
            layer.error = layer.document != null ? message : message + "; " + consequence;
            if (firstTime(layer, message)) {
                log.warn("Flag source {} failed: {}; {}", layer.name, message, consequence);
                log.debug("Flag source {} failure detail", layer.name, cause);
            }
            publishStatus();
        }
    }

    /** Guarded by lock: the layer is healthy, its flags synced when fetched (null for now). */
    private void recovered(Layer layer, Instant fetched) {
        if (layer.error != null && layer.document != null) {
            log.info("Flag source {} recovered", layer.name);
        }
        layer.error = null;
        layer.loggedErrors.clear();
        Instant now = clock.instant();
        layer.lastSync = fetched == null || fetched.isAfter(now) ? now : fetched;
    }

    /** Guarded by lock: builds and publishes a new snapshot, then queues what changed for listeners. */
    private void publish() {
        Snapshot previous = snapshot;
        Snapshot next = rebuild();
        snapshot = next;
        List<CompiledFlag> replaced = new ArrayList<>();
        previous.flags.forEach((key, flag) -> {
            if (next.flags.get(key) != flag) {
                replaced.add(flag);
            }
        });
        usage.retire(replaced);
        announce(changedKeys(previous, next));
        publishStatus();
    }

    /** Guarded by lock: publishes a snapshot with the overrides as they are now and tells of the keys. */
    void overridesChanged(Set<String> keys) {
        snapshot = rebuild();
        announce(keys);
    }

    /** Guarded by lock, so that events queue in the order changes applied. */
    private void announce(Set<String> changed) {
        if (!changed.isEmpty()) {
            listeners.changed(new FlagChangeEvent(changed, status.current(snapshot).revision()));
        }
    }

    /** Guarded by lock: a snapshot of the layers, overrides and trips as they are now; forgets replaced trips. */
    private Snapshot rebuild() {
        List<String> names = layers.stream().map(layer -> layer.name).toList();
        List<CompiledDocument> documents = new ArrayList<>();
        layers.forEach(layer -> documents.add(layer.document));
        Snapshot next = Snapshot.of(names, documents, overrides.current(), trips.values());
        trips.values().removeIf(trip -> next.flags.get(trip.flag().key) != trip.flag());
        return next;
    }

    private Set<String> changedKeys(Snapshot previous, Snapshot next) {
        Set<String> changed = new HashSet<>();
        Set<String> keys = new HashSet<>(previous.flags.keySet());
        keys.addAll(next.flags.keySet());
        for (String key : keys) {
            CompiledFlag before = previous.flags.get(key);
            CompiledFlag after = next.flags.get(key);
            if (before != after && (before == null || after == null || !before.fingerprint.equals(after.fingerprint))) {
                changed.add(key);
            }
        }
        return changed;
    }

    /** Guarded by lock: queues the status for observers and listeners when it changed. */
    private void publishStatus() {
        FlagsStatus changed = status.changed(snapshot);
        if (changed != null) {
            listeners.statusChanged(changed);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Layer layer : layers) {
            try {
                layer.source.close();
            } catch (Throwable e) {
                log.warn("Flag source {} failed to close", layer.name, e);
            }
        }
        if (store != null) {
            store.close();
        }
        if (membership != null) {
            membership.close();
        }
        listeners.close();
    }
}
