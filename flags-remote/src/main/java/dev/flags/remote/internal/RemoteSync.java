package dev.flags.remote.internal;

import dev.flags.FlagSource;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.remote.HttpFlagSource.Builder;
import dev.flags.remote.internal.HttpFetcher.Fetched;
import dev.flags.remote.internal.StoreException.Kind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client in step with the store: polls on a jittered interval (or when the event stream announces a
 * revision), retries with backoff behind a circuit breaker, honours Retry-After, stops on 401/403, falls back
 * to the backup file at start-up, and writes every accepted document to it. With usage reporting on, its
 * {@link UsageReporter} reports on the same scheduler.
 *
 * <p>Every fetch runs on one scheduler thread, so fetch state needs no locking. What the listener hears (a
 * document, a confirmation, a failure) goes through one lock, so that a refusal of the credentials, once told,
 * is the last word: no success that completes after it (a fetch in flight when the stream was refused) can
 * make the source look healthy while it has stopped asking.
 */
public final class RemoteSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteSync.class);

    private final RemoteSettings settings;
    private final String name;
    private final Timebase time;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService scheduler;
    // Dropped at close: on Java 17 the JDK client's selector thread ends only once the client is unreachable.
    private volatile HttpClient client;
    private volatile HttpFetcher fetcher;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final BackupFile backup;
    private volatile EventStream stream;
    private final UsageReporter usage;
    private final AtomicBoolean fetchPending = new AtomicBoolean();
    private final CountDownLatch firstPoll = new CountDownLatch(1);
    private final Object delivery = new Object();
    private volatile boolean closed;
    private volatile boolean denied;
    private volatile long notBeforeNanos;

    private FlagSource.Listener listener;
    // Scheduler thread only:
    private String etag;
    private String lastModified;
    private String lastFailure;
    // Guarded by delivery:
    private boolean lastRejected;
    private String backedUp;
    private boolean freshApplied;
    private boolean startingUp = true;
    /** A failure during start-up, told together with what is served instead once start-up decides. */
    private String deferred;
    private Throwable deferredCause;
    /** While the backup file serves: what status says it serves, before each failure. */
    private String servingBackup;

    public RemoteSync(RemoteSettings settings) {
        this.settings = settings;
        this.name = settings.displayUrl();
        this.time = settings.timebase();
        this.notBeforeNanos = time.nanoTime();
        this.httpExecutor = Executors.newCachedThreadPool(Daemons.factory("flags-remote-http"));
        HttpClient.Builder http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(httpExecutor);
        if (settings.proxy() != null) {
            http.proxy(settings.proxy());
        }
        if (settings.sslContext() != null) {
            http.sslContext(settings.sslContext());
        }
        HttpClient built = http.build();
        this.client = built;
        this.scheduler = time.scheduler(Daemons.factory("flags-remote-poll"));
        this.fetcher = new HttpFetcher(built, settings);
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(Builder.BREAKER_WINDOW)
                .minimumNumberOfCalls(Builder.BREAKER_MINIMUM_FETCHES)
                .failureRateThreshold(Builder.BREAKER_FAILURE_PERCENT)
                .waitDurationInOpenState(settings.pollInterval().multipliedBy(Builder.BREAKER_OPEN_POLL_INTERVALS))
                .recordException(e -> e instanceof StoreException s && s.kind != Kind.UNUSABLE)
                .clock(time.clock())
                .writableStackTraceEnabled(false)
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(Builder.RETRY_ATTEMPTS)
                .intervalFunction(settings.backoff().retry())
                .retryOnException(e -> e instanceof StoreException s && s.kind == Kind.TRANSIENT)
                .writableStackTraceEnabled(false)
                .build());
        this.backup = settings.backupFile() == null ? null : new BackupFile(settings.backupFile());
        this.stream = settings.streaming()
                ? new EventStream(built, settings, scheduler, this::fetchSoon, this::denied) : null;
        this.usage = settings.usageInterval() == null ? null : new UsageReporter(settings, built);
    }

    /** Starts polling (and streaming), waiting at most the start-up wait for the first document. */
    public void start(FlagSource.Listener listener) {
        this.listener = listener;
        scheduler.execute(this::poll);
        if (usage != null) {
            usage.start(listener.usage(), scheduler);
        }
        EventStream events = stream;
        if (events != null) {
            events.start();
        }
        try {
            firstPoll.await(settings.startupWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (delivery) {
            startingUp = false;
            String failure = deferred;
            Throwable cause = deferredCause;
            deferred = null;
            deferredCause = null;
            if (!freshApplied && !useBackup(failure, cause) && failure != null && !closed) {
                listener.onFailure(failure, cause);
            }
        }
    }

    private void poll() {
        Duration next = settings.pollInterval();
        try {
            if (closed || denied) {
                return;
            }
            EventStream events = stream;
            // A healthy stream stands in for polls only while the client is in step with the store: a fetch the
            // stream asked for may have failed (the breaker still open when the stream came back, retries
            // exhausted), and the stream announces only the next change, which may never come.
            if (events == null || !events.healthy() || lastFailure != null) {
                next = fetchAndApply();
            }
        } catch (Throwable e) {
            log.warn("Flag source {}: a poll failed unexpectedly ({}); polling on", name, Failures.describe(e), e);
        } finally {
            if (next != null && !closed && !denied) {
                // Jitter spreads a fleet's polls, but never below what the store asked with Retry-After.
                long throttled = TimeUnit.NANOSECONDS.toMillis(notBeforeNanos - time.nanoTime());
                schedule(this::poll, Math.max(jittered(next), throttled));
            }
            firstPoll.countDown();
        }
    }

    /** Asks for a fetch as soon as possible, once, however many events ask for it meanwhile. */
    private void fetchSoon() {
        if (!closed && !denied && fetchPending.compareAndSet(false, true)) {
            long wait = TimeUnit.NANOSECONDS.toMillis(Math.max(0, notBeforeNanos - time.nanoTime()));
            schedule(() -> {
                fetchPending.set(false);
                try {
                    if (!closed && !denied) {
                        fetchAndApply();
                    }
                } catch (Throwable e) {
                    log.warn("Flag source {}: a fetch failed unexpectedly ({})", name, Failures.describe(e), e);
                }
            }, wait);
        }
    }

    private void schedule(Runnable task, long millis) {
        try {
            scheduler.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed meanwhile.
        }
    }

    /** Fetches and applies once; returns when to poll next, or null to stop. */
    private Duration fetchAndApply() {
        long start = time.nanoTime();
        boolean success = false;
        try {
            Duration next = fetchAndApplyTimed();
            success = lastFailure == null;
            return next;
        } finally {
            if (!closed) {
                listener.onSync(Duration.ofNanos(time.nanoTime() - start), success);
            }
        }
    }

    private Duration fetchAndApplyTimed() {
        try {
            HttpFetcher http = fetcher;
            if (http == null) {
                return null;
            }
            Fetched fetched = breaker.executeCheckedSupplier(
                    () -> Retry.decorateCheckedSupplier(retry, () -> http.fetch(etag, lastModified)).get());
            if (!fetched.notModified()) {
                etag = fetched.etag();
                lastModified = fetched.lastModified();
            }
            lastFailure = null;
            apply(fetched);
            return settings.pollInterval();
        } catch (CallNotPermittedException e) {
            failed("the circuit breaker is " + breaker.getState() + " after repeated failures"
                    + (lastFailure == null ? "" : " (last: " + lastFailure + ")"), null);
            return settings.pollInterval();
        } catch (StoreException e) {
            lastFailure = e.getMessage();
            switch (e.kind) {
                case DENIED -> {
                    denied(e);
                    return null;
                }
                case THROTTLED -> {
                    notBeforeNanos = time.nanoTime() + e.retryAfter.toNanos();
                    failed(e.getMessage(), e);
                    return settings.pollInterval();
                }
                default -> {
                    failed(e.getMessage() + breakerNote(), e);
                    return settings.pollInterval();
                }
            }
        } catch (Throwable e) {
            lastFailure = Failures.describe(e);
            failed("unexpected failure: " + lastFailure, e);
            return settings.pollInterval();
        }
    }

    private String breakerNote() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.CLOSED ? "" : " (circuit breaker " + state + ")";
    }

    private void apply(Fetched fetched) {
        synchronized (delivery) {
            if (closed || denied) {
                return; // a refusal told meanwhile stays the last word
            }
            if (fetched.notModified()) {
                if (!lastRejected) {
                    listener.onUnchanged();
                    servingBackup = null;
                    confirmBackup();
                }
                return;
            }
            boolean applied;
            try {
                applied = listener.onDocument(fetched.text());
            } catch (InvalidFlagDocumentException e) {
                // The client logged it once and keeps the last good document; remembering the ETag and
                // Last-Modified spares the store re-sending the same invalid document every poll.
                lastRejected = true;
                return;
            }
            lastRejected = false;
            if (applied) { // an older document than the client has never gets into the backup file
                freshApplied = true;
                servingBackup = null;
                writeBackup(fetched.text());
            }
        }
    }

    /** Guarded by delivery. */
    private void writeBackup(String text) {
        if (backup == null) {
            return;
        }
        if (text.equals(backedUp)) {
            confirmBackup();
            return;
        }
        try {
            backup.write(text, time.clock().instant());
            backedUp = text;
        } catch (IOException e) {
            log.warn("Cannot write the flags backup file {}: {}", backup.path(), Failures.describe(e));
        }
    }

    /** Guarded by delivery: the backup's document is fresh as of now. */
    private void confirmBackup() {
        if (backup != null && backedUp != null) {
            try {
                backup.confirmed(time.clock().instant());
            } catch (IOException e) {
                log.debug("Cannot touch the flags backup file {}", backup.path(), e);
            }
        }
    }

    /**
     * Guarded by delivery: at start-up, with no fresh document in time, serves the last good one from disk and
     * tells why, once. False when there is no usable backup.
     */
    private boolean useBackup(String failure, Throwable cause) {
        if (backup == null || closed) {
            return false;
        }
        Optional<String> text;
        Instant fetched;
        try {
            text = backup.read();
            if (text.isEmpty()) {
                return false;
            }
            fetched = backup.fetched();
        } catch (IOException e) {
            log.warn("Cannot read the flags backup file {}: {}; ignoring it", backup.path(), Failures.describe(e));
            return false;
        }
        try {
            listener.onDocument(text.get(), fetched);
        } catch (InvalidFlagDocumentException e) {
            log.warn("The flags backup file {} is corrupt and is ignored: {}", backup.path(), e.getMessage());
            return false;
        }
        servingBackup = "serving the backup file " + backup.path() + " (fetched " + fetched
                + ") until the store answers";
        listener.onFailure(failure == null ? servingBackup : servingBackup + ": " + failure, cause);
        return true;
    }

    /** The store refused the credentials: stop asking, for good, and say so (the last word). */
    private void denied(StoreException e) {
        synchronized (delivery) {
            if (closed || denied) {
                return;
            }
            denied = true;
            tell(e.getMessage(), e);
        }
        EventStream events = stream;
        if (events != null) {
            events.deny(e.getMessage());
        }
    }

    private void failed(String message, Throwable cause) {
        synchronized (delivery) {
            if (!closed && !denied) {
                tell(message, cause);
            }
        }
    }

    /**
     * Guarded by delivery: a failure to the listener. During start-up with a backup file it waits for start-up to
     * decide what is served, so the log never says "callers get their defaults" and then "the backup is served".
     */
    private void tell(String message, Throwable cause) {
        if (startingUp && backup != null && !freshApplied) {
            deferred = message;
            deferredCause = cause;
            return;
        }
        listener.onFailure(servingBackup == null ? message : servingBackup + ": " + message, cause);
    }

    private static long jittered(Duration interval) {
        long millis = interval.toMillis();
        // +-20%, so that a fleet started together does not poll in step.
        return millis + (long) ((ThreadLocalRandom.current().nextDouble() - 0.5) * 0.4 * millis);
    }

    /** The event stream's state for status(), or null when streaming is off. */
    public String streamState() {
        EventStream events = stream;
        return events == null ? null : events.state();
    }

    /** The last usage report's outcome, for details(); null when usage reporting is off. */
    public String usageOutcome() {
        return usage == null ? null : usage.outcome();
    }

    /** How many usage reports were dropped; 0 when usage reporting is off. */
    public long usageDropped() {
        return usage == null ? 0 : usage.dropped();
    }

    /** The circuit breaker's state, for status and tests. */
    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    @Override
    public void close() {
        closed = true;
        EventStream events = stream;
        if (events != null) {
            events.close();
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            if (usage != null) {
                usage.close(); // the last report needs the HTTP client's threads, not the scheduler's
            }
            httpExecutor.shutdownNow();
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            httpExecutor.shutdownNow();
        }
        if ((Object) client instanceof AutoCloseable closeable) {
            // HttpClient is AutoCloseable from Java 21 on: that ends its selector thread at once. On 17 the
            // thread ends once the client is unreachable, so every reference to it goes.
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Closing the HTTP client", e);
            }
        }
        stream = null;
        fetcher = null;
        client = null;
    }
}
