package dev.flags.internal;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.flags.FlagsStatus;
import dev.flags.SegmentMembership;
import dev.flags.StoreCaching;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers of a {@link SegmentMembership}, cached like a store's flags: loaded once per key, refreshed ahead
 * of time, the last answer kept when a refresh fails. A key not answered in time counts as not in the segment.
 */
final class MembershipCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MembershipCache.class);

    private record Question(String segment, String key) {
    }

    private final SegmentMembership membership;
    private final long coldTimeoutNanos;
    private final ScheduledExecutorService executor;
    private final AsyncLoadingCache<Question, Boolean> cache;
    private final CacheHealth health;
    private volatile boolean closed;

    MembershipCache(SegmentMembership membership, StoreCaching caching, Clock clock, Runnable statusChanged) {
        this(membership, caching, clock, System::nanoTime, statusChanged);
    }

    /** @param ticker nanoseconds for the retries of failing questions: tests pass their own */
    MembershipCache(SegmentMembership membership, StoreCaching caching, Clock clock, LongSupplier ticker,
            Runnable statusChanged) {
        this.membership = membership;
        this.coldTimeoutNanos = caching.coldTimeout().toNanos();
        this.executor = Daemons.scheduledPool("flags-segments", 2);
        this.health = new CacheHealth(membership.name(), clock, ticker, caching.refreshAfter().toNanos(),
                statusChanged, this::askAgainLater, executor);
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(caching.maximumSize())
                .refreshAfterWrite(caching.refreshAfter())
                .expireAfterAccess(caching.expireAfterAccess())
                .evictionListener((Question question, Boolean in, RemovalCause cause) -> health.forget(question))
                .buildAsync(new AsyncCacheLoader<Question, Boolean>() {
                    @Override
                    public CompletableFuture<Boolean> asyncLoad(Question question, Executor ignored) {
                        return askLater(question, Boolean.FALSE);
                    }

                    @Override
                    public CompletableFuture<Boolean> asyncReload(Question question, Boolean current,
                            Executor ignored) {
                        return askLater(question, current);
                    }
                });
    }

    /**
     * Allocates the cache key: external segments are the one membership test that does. A question not
     * answered within the cold timeout, or at all, counts as not in the segment.
     */
    boolean contains(String segment, String key) {
        CompletableFuture<Boolean> answer = cache.get(new Question(segment, key));
        if (answer.isDone()) {
            return !answer.isCompletedExceptionally() && answer.join();
        }
        if (closed) {
            return false;
        }
        try {
            return answer.get(coldTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    /** Asks on the membership's own threads; after close(), answers the fallback without asking. */
    private CompletableFuture<Boolean> askLater(Question question, Boolean fallback) {
        try {
            return CompletableFuture.supplyAsync(() -> ask(question, fallback), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(fallback);
        }
    }

    /** Whatever the membership throws, an Error included, is the fallback answer and a failure in status. */
    private Boolean ask(Question question, Boolean fallback) {
        try {
            boolean in = membership.contains(question.segment, question.key);
            health.succeeded(question);
            return in;
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (!closed) {
                health.failed(question, "cannot tell whether a key is in segment '" + question.segment + "': " + e,
                        e);
            }
            return fallback;
        }
    }

    private void askAgainLater(Object question) {
        cache.synchronous().refresh((Question) question);
    }

    FlagsStatus.SourceStatus status() {
        return health.status(0);
    }

    /** Stops asking; questions still waiting for an answer are answered "not in the segment" at once. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<Boolean> asking : cache.asMap().values()) {
            asking.complete(Boolean.FALSE);
        }
        executor.shutdownNow();
        try {
            membership.close();
        } catch (Throwable e) {
            log.warn("Segment membership {} failed to close", membership.name(), e);
        }
    }
}
