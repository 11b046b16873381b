package dev.flags.internal;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.flags.FlagsStatus;
import dev.flags.SegmentMembership;
import dev.flags.StoreCaching;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The answers of a {@link SegmentMembership}, cached like a store's flags: loaded once per key, refreshed ahead
 * of time, the last answer kept when a refresh fails. A key not answered in time counts as not in the segment.
 */
final class MembershipCache implements AutoCloseable {

    private record Question(String segment, String key) {
    }

    private final SegmentMembership membership;
    private final Clock clock;
    private final long coldTimeoutNanos;
    private final ExecutorService executor;
    private final AsyncLoadingCache<Question, Boolean> cache;
    private final Runnable statusChanged;
    private volatile Instant lastSync;
    private volatile String lastError;

    MembershipCache(SegmentMembership membership, StoreCaching caching, Clock clock, Runnable statusChanged) {
        this.membership = membership;
        this.clock = clock;
        this.coldTimeoutNanos = caching.coldTimeout().toNanos();
        this.statusChanged = statusChanged;
        this.executor = Daemons.pool("flags-segments", 2);
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(caching.maximumSize())
                .refreshAfterWrite(caching.refreshAfter())
                .expireAfterAccess(caching.expireAfterAccess())
                .buildAsync(new AsyncCacheLoader<Question, Boolean>() {
                    @Override
                    public CompletableFuture<Boolean> asyncLoad(Question question, Executor ignored) {
                        return CompletableFuture.supplyAsync(() -> ask(question, Boolean.FALSE), executor);
                    }

                    @Override
                    public CompletableFuture<Boolean> asyncReload(Question question, Boolean current,
                            Executor ignored) {
                        return CompletableFuture.supplyAsync(() -> ask(question, current), executor);
                    }
                });
    }

    /** Allocates the cache key: external segments are the one membership test that does. */
    boolean contains(String segment, String key) {
        CompletableFuture<Boolean> answer = cache.get(new Question(segment, key));
        if (answer.isDone()) {
            return answer.join();
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

    private Boolean ask(Question question, Boolean fallback) {
        try {
            boolean in = membership.contains(question.segment, question.key);
            lastSync = clock.instant();
            if (lastError != null) {
                lastError = null;
                statusChanged.run();
            }
            return in;
        } catch (Exception e) {
            String message = "cannot tell whether a key is in segment '" + question.segment + "': " + e;
            if (!message.equals(lastError)) {
                lastError = message;
                statusChanged.run();
            }
            return fallback;
        }
    }

    FlagsStatus.SourceStatus status() {
        FlagsStatus.State state = lastError == null ? FlagsStatus.State.READY
                : lastSync == null ? FlagsStatus.State.INITIALIZING : FlagsStatus.State.STALE;
        return new FlagsStatus.SourceStatus(membership.name(), state, null, 0, lastSync, lastError, Map.of());
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            membership.close();
        } catch (Exception e) {
            lastError = "failed to close: " + e;
        }
    }
}
