package dev.flags.internal;

import dev.flags.Evaluation;
import dev.flags.FlagChangeEvent;
import dev.flags.FlagContext;
import dev.flags.FlagObserver;
import dev.flags.FlagSource;
import dev.flags.FlagStore;
import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.State;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.Overrides;
import dev.flags.SegmentMembership;
import dev.flags.StoreCaching;
import dev.flags.Subscription;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The machinery behind {@code FeatureFlags}: layers of sources, the published snapshot, overrides, status,
 * listeners and observers.
 *
 * <p>Readers never lock: they read one volatile {@link Snapshot}. Writers (sources delivering documents,
 * override changes) serialize on one lock, build a new snapshot and publish it with one volatile write, so a
 * document applies atomically: no evaluation sees half of it.
 */
public final class FlagsRuntime implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FlagsRuntime.class);
    private static final FlagObserver[] NO_OBSERVERS = new FlagObserver[0];

    private final Clock clock;
    private final Scope scope;
    private final StoreFlags store;
    private final MembershipCache membership;
    private final List<Layer> layers = new ArrayList<>();
    private final Object lock = new Object();
    private final UnknownFlags unknownFlags = new UnknownFlags();
    private final List<Consumer<FlagChangeEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<FlagsStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LocalOverrides overrides = new LocalOverrides();

    private volatile Snapshot snapshot;
    private volatile FlagObserver[] observers;
    /** Guarded by lock. */
    private Map<String, String> overridden = Map.of();
    /** Guarded by lock: what observers were last told. */
    private FlagsStatus publishedStatus;

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
        this.scope = new Scope(clock, this.store, this.membership);
        for (FlagSource source : sources) {
            layers.add(new Layer(source, this));
        }
        this.snapshot = rebuild();
        this.publishedStatus = status();
    }

    /** Starts every source; a source that fails to start is reported, never thrown. */
    public void start() {
        for (Layer layer : layers) {
            try {
                layer.source.start(layer);
            } catch (RuntimeException e) {
                fail(layer, "could not start: " + e.getMessage(), e);
            }
        }
    }

    /** The hot path: decides a flag for a context. Never throws, never locks, allocates nothing. */
    public Outcome decide(String key, FlagContext context) {
        if (key == null) {
            return Outcome.NULL_KEY;
        }
        if (context == null) {
            return Outcome.NULL_CONTEXT;
        }
        Outcome outcome = snapshot.decide(key, (Attributes) context.attributes(), scope, 0);
        if (outcome == Outcome.NOT_FOUND) {
            unknownFlags.record(key);
        }
        return outcome;
    }

    /** True when some observer wants to see evaluations; lets callers skip building what they would be given. */
    public boolean observed() {
        // An identity test rather than a length: no observers is always this one empty array (toArray of an
        // empty list into it returns it), and the test saves the hot path a load.
        return observers != NO_OBSERVERS;
    }

    public void notifyObservers(Evaluation<?> evaluation, FlagContext context) {
        for (FlagObserver observer : observers) {
            try {
                observer.onEvaluation(evaluation, context);
            } catch (RuntimeException ignored) {
                // Evaluation never throws; an observer's failure is its own business.
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
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                listeners.remove(listener);
            }
        };
    }

    public Subscription onStatusChange(Consumer<FlagsStatus> listener) {
        Objects.requireNonNull(listener, "listener");
        statusListeners.add(listener);
        AtomicBoolean ended = new AtomicBoolean();
        return () -> {
            if (ended.compareAndSet(false, true)) {
                statusListeners.remove(listener);
            }
        };
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
            List<FlagsStatus.SourceStatus> sources = new ArrayList<>(layers.stream().map(Layer::status).toList());
            if (store != null) {
                sources.add(store.status());
            }
            if (membership != null) {
                sources.add(membership.status());
            }
            Long revision = null;
            String lastError = null;
            Instant lastSync = null;
            for (int i = layers.size() - 1; i >= 0; i--) {
                Layer layer = layers.get(i);
                if (revision == null && layer.document != null) {
                    revision = layer.document.revision();
                }
                if (lastError == null && layer.error != null) {
                    lastError = layer.name + ": " + layer.error;
                }
                if (layer.lastSync != null && (lastSync == null || layer.lastSync.isAfter(lastSync))) {
                    lastSync = layer.lastSync;
                }
            }
            for (FlagsStatus.SourceStatus cached : sources.subList(layers.size(), sources.size())) {
                if (lastError == null && cached.lastError() != null) {
                    lastError = cached.name() + ": " + cached.lastError();
                }
                if (cached.lastSync() != null && (lastSync == null || cached.lastSync().isAfter(lastSync))) {
                    lastSync = cached.lastSync();
                }
            }
            int flagCount = snapshot.flags.size() + (store == null ? 0 : store.flagCount());
            return new FlagsStatus(state(sources), revision, flagCount, lastSync, lastError, sources,
                    unknownFlags.evaluations(), unknownFlags.keys());
        }
    }

    private State state(List<FlagsStatus.SourceStatus> sources) {
        boolean anyDocument = layers.stream().anyMatch(layer -> layer.document != null);
        if (!layers.isEmpty() && !anyDocument && store == null) {
            return State.INITIALIZING;
        }
        return sources.stream().allMatch(source -> source.state() == State.READY) ? State.READY : State.STALE;
    }

    private void storeChanged(String key) {
        synchronized (lock) {
            announce(Set.of(key));
        }
    }

    private void storeStatusChanged() {
        synchronized (lock) {
            publishStatus();
        }
    }

    boolean apply(Layer layer, String text) {
        CompiledDocument document;
        try {
            document = DocumentCompiler.compile(text, layer.name);
        } catch (InvalidFlagDocumentException e) {
            synchronized (lock) {
                layer.error = "rejected an invalid document (" + e.problems().size() + " problems; first: "
                        + e.problems().get(0) + ")";
                if (firstTime(layer, e.getMessage())) {
                    log.warn("{}; the last good flags stay in force", e.getMessage());
                }
                publishStatus();
            }
            throw e;
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
            recovered(layer);
            layer.document = document;
            publish();
            return true;
        }
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
            } catch (RuntimeException e) {
                log.warn("A flag observer failed on a sync of {}", layer.name, e);
            }
        }
    }

    void confirm(Layer layer) {
        synchronized (lock) {
            recovered(layer);
            publishStatus();
        }
    }

    void fail(Layer layer, String message, Throwable cause) {
        synchronized (lock) {
            // Say what is served instead, so status() and the log tell which: the last good flags, the other
            // sources (a bootstrap document), or the callers' defaults.
            List<String> others = layers.stream().filter(other -> other != layer && other.document != null)
                    .map(other -> other.name).toList();
            String consequence = layer.document != null ? "the last good flags stay in force"
                    : others.isEmpty() ? "no flags from it yet, callers get their defaults"
                    : "no flags from it yet, " + String.join(", ", others) + " answer meanwhile";
            layer.error = layer.document != null ? message : message + "; " + consequence;
            if (firstTime(layer, message)) {
                log.warn("Flag source {} failed: {}; {}", layer.name, message, consequence);
                log.debug("Flag source {} failure detail", layer.name, cause);
            }
            publishStatus();
        }
    }

    /** Guarded by lock. */
    private void recovered(Layer layer) {
        if (layer.error != null && layer.document != null) {
            log.info("Flag source {} recovered", layer.name);
        }
        layer.error = null;
        layer.loggedErrors.clear();
        layer.lastSync = clock.instant();
    }

    /** Guarded by lock: builds and publishes a new snapshot, then tells listeners what changed. */
    private void publish() {
        Snapshot previous = snapshot;
        Snapshot next = rebuild();
        snapshot = next;
        announce(changedKeys(previous, next));
        publishStatus();
    }

    /** Guarded by lock, so listeners see changes in the order they were applied. */
    private void announce(Set<String> changed) {
        if (changed.isEmpty()) {
            return;
        }
        FlagChangeEvent event = new FlagChangeEvent(changed, status().revision());
        for (Consumer<FlagChangeEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("A flag change listener failed on {}", event, e);
            }
        }
    }

    private Snapshot rebuild() {
        List<String> names = layers.stream().map(layer -> layer.name).toList();
        List<CompiledDocument> documents = new ArrayList<>();
        layers.forEach(layer -> documents.add(layer.document));
        return Snapshot.of(names, documents, overridden);
    }

    private Set<String> changedKeys(Snapshot previous, Snapshot next) {
        Set<String> changed = new HashSet<>();
        Set<String> keys = new HashSet<>(previous.flags.keySet());
        keys.addAll(next.flags.keySet());
        for (String key : keys) {
            CompiledFlag before = previous.flags.get(key);
            CompiledFlag after = next.flags.get(key);
            if (before == null || after == null || !before.fingerprint.equals(after.fingerprint)) {
                changed.add(key);
            }
        }
        return changed;
    }

    /** Guarded by lock: tells observers when the state, revision or current error changed. */
    private void publishStatus() {
        FlagsStatus status = status();
        FlagsStatus before = publishedStatus;
        if (before != null && before.state() == status.state() && Objects.equals(before.revision(), status.revision())
                && Objects.equals(before.lastError(), status.lastError())
                && before.flagCount() == status.flagCount()) {
            return;
        }
        publishedStatus = status;
        for (FlagObserver observer : observers) {
            try {
                observer.onStatusChange(status);
            } catch (RuntimeException e) {
                log.warn("A flag observer failed on status {}", status, e);
            }
        }
        for (Consumer<FlagsStatus> listener : statusListeners) {
            try {
                listener.accept(status);
            } catch (RuntimeException e) {
                log.warn("A flag status listener failed on status {}", status, e);
            }
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
            } catch (RuntimeException e) {
                log.warn("Flag source {} failed to close", layer.name, e);
            }
        }
        if (store != null) {
            store.close();
        }
        if (membership != null) {
            membership.close();
        }
        listeners.clear();
        statusListeners.clear();
    }

    private final class LocalOverrides implements Overrides {

        @Override
        public void set(String flagKey, String variant) {
            Objects.requireNonNull(flagKey, "flagKey");
            Objects.requireNonNull(variant, "variant");
            synchronized (lock) {
                CompiledFlag flag = snapshot.flags.get(flagKey);
                Set<String> variants = flag != null ? flag.variants.keySet() : Set.of("on", "off");
                if (!variants.contains(variant)) {
                    throw new IllegalArgumentException("flag '" + flagKey + "' has no variant '" + variant
                            + "'; it has " + variants + (flag == null ? " (no source defines it: it acts as a boolean flag)" : ""));
                }
                change(flagKey, variant);
            }
        }

        @Override
        public void kill(String flagKey) {
            Objects.requireNonNull(flagKey, "flagKey");
            synchronized (lock) {
                change(flagKey, KILLED);
            }
        }

        @Override
        public void clear(String flagKey) {
            Objects.requireNonNull(flagKey, "flagKey");
            synchronized (lock) {
                change(flagKey, null);
            }
        }

        @Override
        public void clearAll() {
            synchronized (lock) {
                Set<String> keys = new HashSet<>(overridden.keySet());
                overridden = Map.of();
                changedOverrides(keys);
            }
        }

        @Override
        public Map<String, String> asMap() {
            synchronized (lock) {
                return Map.copyOf(overridden);
            }
        }

        /** Guarded by lock. */
        private void change(String flagKey, String variant) {
            if (Objects.equals(overridden.get(flagKey), variant)) {
                return;
            }
            Map<String, String> next = new LinkedHashMap<>(overridden);
            if (variant == null) {
                next.remove(flagKey);
            } else {
                next.put(flagKey, variant);
            }
            overridden = next.isEmpty() ? Map.of() : Map.copyOf(next);
            changedOverrides(Set.of(flagKey));
        }

        private void changedOverrides(Set<String> keys) {
            snapshot = rebuild();
            announce(keys);
        }
    }
}
