package dev.flags.internal;

import dev.flags.FlagsStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health of a per-key cache (a store's flags, external segment answers), key by key: the cache is stale
 * while any key serves an old answer because its last load or refresh failed, and fresh again only when every
 * such key has been answered since. One healthy key no longer hides another's failure.
 *
 * <p>A failing key is asked again once per retry interval even when nobody reads it any more (a typo asked once
 * during an outage), so that the cache turns fresh when its store is back instead of staying stale until the key
 * expires: on a timer while any key fails, and whenever the status is asked.
 */
final class CacheHealth {

    private static final Logger log = LoggerFactory.getLogger(CacheHealth.class);

    /** The current problem of a key, and when it was last asked (on the ticker). */
    private record Failure(String message, long askedNanos) {
    }

    private final String name;
    private final Clock clock;
    private final LongSupplier ticker;
    private final long retryNanos;
    private final Runnable changed;
    private final Consumer<Object> retry;
    private final ScheduledExecutorService timer;
    private final Map<Object, Failure> failing = new ConcurrentHashMap<>();
    private final AtomicBoolean retryScheduled = new AtomicBoolean();
    private volatile Instant lastSync;

    /**
     * @param ticker    nanoseconds, for retry intervals (System::nanoTime; tests move their own)
     * @param changed   told when the state or the error changed; runs on the thread that loaded the key
     * @param retry     asks the cache to load a failing key again, in the background
     * @param timer     runs the retries of keys nobody reads
     */
    CacheHealth(String name, Clock clock, LongSupplier ticker, long retryNanos, Runnable changed,
            Consumer<Object> retry, ScheduledExecutorService timer) {
        this.name = name;
        this.clock = clock;
        this.ticker = ticker;
        this.retryNanos = retryNanos;
        this.changed = changed;
        this.retry = retry;
        this.timer = timer;
    }

    void succeeded(Object key) {
        lastSync = clock.instant();
        if (failing.remove(key) != null) {
            if (failing.isEmpty()) {
                log.info("{} answers again", name);
            }
            changed.run();
        }
    }

    void failed(Object key, String message, Throwable cause) {
        boolean first = failing.isEmpty();
        Failure before = failing.put(key, new Failure(message, ticker.getAsLong()));
        if (first && before == null) {
            // Once per outage, not once per key: a store that is down fails every key.
            log.warn("{} failed: {}; keys it answered before keep their last answer", name, message);
            log.debug("{} failure detail", name, cause);
        }
        scheduleRetry();
        if (before == null || !message.equals(before.message)) {
            changed.run();
        }
    }

    /**
     * Drops a key the cache evicted: it serves nothing any more. Quietly: the cache calls it on the thread that
     * evicted, which may be evaluating a flag, and status() reads the failures when it is asked.
     */
    void forget(Object key) {
        failing.remove(key);
    }

    /** Asks again, in the background, every failing key not asked for a retry interval. */
    void retryDue() {
        long now = ticker.getAsLong();
        failing.forEach((key, failure) -> {
            if (now - failure.askedNanos >= retryNanos
                    && failing.replace(key, failure, new Failure(failure.message, now))) {
                try {
                    retry.accept(key);
                } catch (Throwable e) {
                    log.debug("{} could not retry a key", name, e);
                }
            }
        });
    }

    private void scheduleRetry() {
        if (retryScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::onTimer, retryNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                // The client is closed: nothing is asked any more.
            }
        }
    }

    private void onTimer() {
        retryScheduled.set(false);
        retryDue();
        if (!failing.isEmpty()) {
            scheduleRetry();
        }
    }

    /** The cache's status; asking it retries the failing keys that are due. */
    FlagsStatus.SourceStatus status(int flagCount) {
        retryDue();
        String error = null;
        Iterator<Failure> errors = failing.values().iterator();
        if (errors.hasNext()) {
            error = errors.next().message;
            int others = failing.size() - 1;
            if (others > 0) {
                error += " (and " + others + " more key" + (others == 1 ? "" : "s") + " failing)";
            }
        }
        FlagsStatus.State state = error == null ? FlagsStatus.State.READY
                : lastSync == null ? FlagsStatus.State.INITIALIZING : FlagsStatus.State.STALE;
        return new FlagsStatus.SourceStatus(name, state, null, flagCount, lastSync, error, Map.of());
    }
}
