package dev.flags.internal;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.flags.ErrorCode;
import dev.flags.FlagStore;
import dev.flags.FlagsStatus;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.StoreCaching;
import dev.flags.StoredFlag;
import dev.flags.model.FlagDefinition;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compiled flags of a {@link FlagStore}, in a Caffeine cache that loads each key once, refreshes ahead of
 * time, keeps missing keys and failures as answers (so a failing store is asked once per refresh interval, not
 * once per evaluation), and keeps the last good answer when a refresh fails.
 */
final class StoreFlags implements AutoCloseable {

    /** What the cache holds for a key: a flag, a known absence (both null), or the failure of its first load. */
    record Entry(StoredFlag stored, CompiledFlag flag, Outcome failure) {
    }

    /**
     * The cache's value for a key. A refresh updates it in place, so that by the time change listeners hear of
     * a new definition, evaluations already see it (Caffeine stores a refreshed value only after the reload).
     */
    static final class Holder {
        volatile Entry entry;

        Holder(Entry entry) {
            this.entry = entry;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(StoreFlags.class);
    private static final Entry MISSING = new Entry(null, null, null);

    private final FlagStore store;
    private final long coldTimeoutNanos;
    private final ScheduledExecutorService executor;
    private final AsyncLoadingCache<String, Holder> cache;
    private final Consumer<String> changed;
    private final Outcome coldTimeout;
    /** What a key answers once the client is closed and it has no answer yet: the store and its threads are gone. */
    private final Entry closedEntry;
    private final CacheHealth health;
    private volatile boolean closed;

    StoreFlags(FlagStore store, StoreCaching caching, Clock clock, Consumer<String> changed,
            Runnable statusChanged) {
        this(store, caching, clock, System::nanoTime, changed, statusChanged);
    }

    /** @param ticker nanoseconds for the retries of failing keys: tests pass their own */
    StoreFlags(FlagStore store, StoreCaching caching, Clock clock, LongSupplier ticker, Consumer<String> changed,
            Runnable statusChanged) {
        this.store = store;
        this.coldTimeoutNanos = caching.coldTimeout().toNanos();
        this.changed = changed;
        this.executor = Daemons.scheduledPool("flags-store", 2);
        this.health = new CacheHealth(store.name(), clock, ticker, caching.refreshAfter().toNanos(), statusChanged,
                this::refreshLater, executor);
        this.coldTimeout = Outcome.failure(null, ErrorCode.GENERAL, "flag store " + store.name()
                + " did not answer within " + caching.coldTimeout().toMillis() + " ms; loading on", store.name());
        this.closedEntry = new Entry(null, null, Outcome.failure(null, ErrorCode.GENERAL,
                "the client is closed: flag store " + store.name() + " is not asked any more", store.name()));
        // Cache maintenance runs on the reading thread (it is short and, handed to a pool, would allocate a queue
        // node now and then on the evaluation path); loads and refreshes run on the store's own threads.
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(caching.maximumSize())
                .refreshAfterWrite(caching.refreshAfter())
                .expireAfterAccess(caching.expireAfterAccess())
                .evictionListener((String key, Holder holder, RemovalCause cause) -> health.forget(key))
                .buildAsync(new Loader());
    }

    /**
     * The hot path for a store's flag: no allocation once the key is cached. A cold key waits at most the cold
     * timeout, and not at all once the client is closed.
     */
    Outcome decide(String key, Attributes context, EvaluationScope scope, Snapshot snapshot, int depth) {
        CompletableFuture<Holder> future = cache.getIfPresent(key);
        if (future == null) {
            future = cache.get(key);
        }
        Entry entry;
        if (future.isDone()) {
            entry = future.join().entry;
        } else if (closed) {
            return closedEntry.failure;
        } else {
            try {
                entry = future.get(coldTimeoutNanos, TimeUnit.NANOSECONDS).entry;
            } catch (TimeoutException e) {
                return coldTimeout;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return coldTimeout;
            } catch (ExecutionException e) {
                return Outcome.failure(key, ErrorCode.GENERAL, "flag store failed: " + e.getCause(), store.name());
            }
        }
        if (entry.failure != null) {
            return entry.failure;
        }
        if (entry.flag == null) {
            return Outcome.NOT_FOUND;
        }
        return entry.flag.evaluate(context, scope, snapshot, depth);
    }

    /** How many flags the store answered that are in the cache now (known absences not counted). */
    int flagCount() {
        return (int) cache.synchronous().asMap().values().stream().filter(holder -> holder.entry.flag != null).count();
    }

    private void refreshLater(Object key) {
        cache.synchronous().refresh((String) key);
    }

    FlagsStatus.SourceStatus status() {
        return health.status(flagCount());
    }

    /**
     * Loads and refreshes on the store's threads. Whatever the store or the compiler throws, an Error included,
     * becomes an answer (a failure cached like any other, refreshed once per interval) and never a failed
     * future: a failed future would reach the evaluating thread and be asked again on every evaluation.
     */
    private final class Loader implements AsyncCacheLoader<String, Holder> {

        @Override
        public CompletableFuture<Holder> asyncLoad(String key, Executor ignored) {
            try {
                return CompletableFuture.supplyAsync(() -> new Holder(loadSafely(key)), executor);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(new Holder(closedEntry));
            }
        }

        @Override
        public CompletableFuture<Holder> asyncReload(String key, Holder holder, Executor ignored) {
            try {
                return CompletableFuture.supplyAsync(() -> refreshSafely(key, holder), executor);
            } catch (RejectedExecutionException e) {
                // The client was closed: it keeps answering from what it has.
                return CompletableFuture.completedFuture(holder);
            }
        }

        /** Whatever goes wrong, the client's own callbacks (its clock, its listeners' queue) included. */
        private Entry loadSafely(String key) {
            try {
                return load(key);
            } catch (Throwable e) {
                return failed(key, "cannot load flag '" + key + "': " + e, e);
            }
        }

        private Holder refreshSafely(String key, Holder holder) {
            try {
                return refresh(key, holder);
            } catch (Throwable e) {
                failed(key, "cannot refresh flag '" + key + "': " + e, e);
                return holder;
            }
        }

        private Holder refresh(String key, Holder holder) {
            Entry current = holder.entry;
            Entry next = reload(key, current);
            holder.entry = next;
            if (!Objects.equals(fingerprint(next), fingerprint(current))) {
                changed.accept(key);
            }
            return holder;
        }

        private Entry load(String key) {
            StoredFlag stored;
            try {
                stored = store.load(key);
            } catch (Throwable e) {
                return failed(key, "cannot load flag '" + key + "': " + e, e);
            }
            return compiled(key, stored, null);
        }

        /** Keeps the last good answer when the store fails or answers something invalid. */
        private Entry reload(String key, Entry current) {
            StoredFlag stored;
            try {
                stored = current.stored == null ? store.load(key) : store.reload(key, current.stored);
            } catch (Throwable e) {
                String verb = current.stored == null ? "cannot load flag '" : "cannot refresh flag '";
                Entry failed = failed(key, verb + key + "': " + e, e);
                return current.failure == null ? current : failed;
            }
            if (Objects.equals(stored, current.stored) && current.failure == null) {
                health.succeeded(key);
                return current;
            }
            return compiled(key, stored, current.failure == null ? current : null);
        }

        /** The compiled answer; when it is invalid, the last good one if any, else the failure. */
        private Entry compiled(String key, StoredFlag stored, Entry lastGood) {
            Entry entry;
            try {
                entry = compile(key, stored);
            } catch (InvalidFlagDocumentException e) {
                health.failed(key, "flag '" + key + "' is invalid: " + e.problems().get(0), e);
                return lastGood != null ? lastGood : new Entry(null, null, Outcome.failure(key,
                        ErrorCode.PARSE_ERROR, "the store's definition is invalid: " + e.problems(), store.name()));
            } catch (Throwable e) {
                Entry failed = failed(key, "cannot compile flag '" + key + "': " + e, e);
                return lastGood != null ? lastGood : failed;
            }
            health.succeeded(key);
            return entry;
        }

        private Entry failed(String key, String message, Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!closed) {
                try {
                    health.failed(key, message, e);
                } catch (Throwable reporting) {
                    // The failure is still this key's answer; the status learns of it on the next one.
                }
            }
            return new Entry(null, null, Outcome.failure(key, ErrorCode.GENERAL, "the flag store failed: " + e,
                    store.name()));
        }
    }

    private Entry compile(String key, StoredFlag stored) {
        if (stored == null) {
            return MISSING;
        }
        String origin = store.name() + " flag " + key;
        FlagDefinition model = stored.model() != null ? stored.model()
                : DocumentCompiler.parseFlag(key, stored.definition(), origin);
        CompiledFlag flag = DocumentCompiler.compileFlag(key, model, stored.revision(), store.name(), origin);
        return new Entry(stored, flag, null);
    }

    private static CompiledFlag.Fingerprint fingerprint(Entry entry) {
        return entry.flag == null ? null : entry.flag.fingerprint;
    }

    /**
     * Stops asking the store. Keys still loading answer at once from now on, that the client is closed, instead
     * of each evaluation waiting the cold timeout for a load that will never end.
     */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<Holder> loading : cache.asMap().values()) {
            loading.complete(new Holder(closedEntry));
        }
        executor.shutdownNow();
        try {
            store.close();
        } catch (Throwable e) {
            log.warn("Flag store {} failed to close", store.name(), e);
        }
    }
}
