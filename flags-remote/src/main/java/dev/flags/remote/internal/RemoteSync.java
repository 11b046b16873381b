package dev.flags.remote.internal;

import dev.flags.FlagSource;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.remote.internal.HttpFetcher.Fetched;
import dev.flags.remote.internal.StoreException.Kind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client in step with the store: polls on a jittered interval (or when the event stream announces a
 * revision), retries with backoff behind a circuit breaker, honours Retry-After, stops on 401/403, falls back
 * to the backup file at start-up, and writes every accepted document to it.
 *
 * <p>Every fetch runs on one scheduler thread, so fetch state needs no locking.
 */
public final class RemoteSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RemoteSync.class);

    private final RemoteSettings settings;
    private final String name;
    private final ExecutorService httpExecutor;
    private final ScheduledExecutorService scheduler;
    // Dropped at close: on Java 17 the JDK client's selector thread ends only once the client is unreachable.
    private volatile HttpClient client;
    private volatile HttpFetcher fetcher;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final BackupFile backup;
    private volatile EventStream stream;
    private final AtomicBoolean fetchPending = new AtomicBoolean();
    private final CountDownLatch firstPoll = new CountDownLatch(1);
    private final Object delivery = new Object();
    private volatile boolean closed;
    private volatile boolean denied;
    private volatile long notBeforeNanos = System.nanoTime();

    private FlagSource.Listener listener;
    // Scheduler thread only:
    private String etag;
    private String lastModified;
    private boolean lastRejected;
    private String backedUp;
    private String lastFailure;
    // Guarded by delivery:
    private boolean freshApplied;

    public RemoteSync(RemoteSettings settings, String name) {
        this.settings = settings;
        this.name = name;
        this.httpExecutor = Executors.newCachedThreadPool(Threads.daemon("flags-remote-http"));
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
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Threads.daemon("flags-remote-poll"));
        this.fetcher = new HttpFetcher(built, settings);
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowSize(10)
                .minimumNumberOfCalls(5)
                .failureRateThreshold(50)
                .waitDurationInOpenState(settings.pollInterval().multipliedBy(2))
                .recordException(e -> e instanceof StoreException s && s.kind != Kind.UNUSABLE)
                .writableStackTraceEnabled(false)
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(3)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(250), 2.0, 0.5,
                        Duration.ofSeconds(5)))
                .retryOnException(e -> e instanceof StoreException s && s.kind == Kind.TRANSIENT)
                .writableStackTraceEnabled(false)
                .build());
        this.backup = settings.backupFile() == null ? null : new BackupFile(settings.backupFile());
        this.stream = settings.streaming()
                ? new EventStream(built, settings, scheduler, this::fetchSoon, this::denied) : null;
    }

    /** Starts polling (and streaming), waiting at most the start-up wait for the first document. */
    public void start(FlagSource.Listener listener) {
        this.listener = listener;
        scheduler.execute(this::poll);
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
            if (!freshApplied) {
                useBackup();
            }
        }
    }

    private void poll() {
        if (closed || denied) {
            return;
        }
        Duration next = settings.pollInterval();
        try {
            EventStream events = stream;
            if (events == null || !events.healthy()) {
                next = fetchAndApply();
            }
        } finally {
            firstPoll.countDown();
            if (next != null && !closed && !denied) {
                // Jitter spreads a fleet's polls, but never below what the store asked with Retry-After.
                long throttled = TimeUnit.NANOSECONDS.toMillis(notBeforeNanos - System.nanoTime());
                long wait = Math.max(jittered(next), throttled);
                scheduler.schedule(this::poll, wait, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Asks for a fetch as soon as possible, once, however many events ask for it meanwhile. */
    private void fetchSoon() {
        if (!closed && !denied && fetchPending.compareAndSet(false, true)) {
            long wait = Math.max(0, notBeforeNanos - System.nanoTime());
            scheduler.schedule(() -> {
                fetchPending.set(false);
                if (!closed && !denied) {
                    fetchAndApply();
                }
            }, wait, TimeUnit.NANOSECONDS);
        }
    }

    /** Fetches and applies once; returns when to poll next, or null to stop. */
    private Duration fetchAndApply() {
        long start = System.nanoTime();
        boolean success = false;
        try {
            Duration next = fetchAndApplyTimed();
            success = lastFailure == null;
            return next;
        } finally {
            if (!closed) {
                listener.onSync(Duration.ofNanos(System.nanoTime() - start), success);
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
            apply(fetched);
            lastFailure = null;
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
                    notBeforeNanos = System.nanoTime() + e.retryAfter.toNanos();
                    failed(e.getMessage(), e);
                    return settings.pollInterval();
                }
                default -> {
                    failed(e.getMessage() + breakerNote(), e);
                    return settings.pollInterval();
                }
            }
        } catch (Throwable e) {
            lastFailure = HttpFetcher.describe(e);
            failed("unexpected failure: " + lastFailure, e);
            return settings.pollInterval();
        }
    }

    private String breakerNote() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.CLOSED ? "" : " (circuit breaker " + state + ")";
    }

    private void apply(Fetched fetched) {
        if (fetched.notModified()) {
            if (!lastRejected) {
                listener.onUnchanged();
            }
            return;
        }
        etag = fetched.etag();
        lastModified = fetched.lastModified();
        try {
            boolean applied;
            synchronized (delivery) {
                applied = listener.onDocument(fetched.text());
                freshApplied |= applied;
            }
            lastRejected = false;
            if (!applied) {
                return; // older than what the client has: never let it into the backup file
            }
        } catch (InvalidFlagDocumentException e) {
            // The client logged it once and keeps the last good document; remembering the ETag and Last-Modified
            // spares the store re-sending the same invalid document every poll.
            lastRejected = true;
            return;
        }
        writeBackup(fetched.text());
    }

    private void writeBackup(String text) {
        if (backup == null || text.equals(backedUp)) {
            return;
        }
        try {
            backup.write(text);
            backedUp = text;
        } catch (IOException e) {
            log.warn("Cannot write the flags backup file {}: {}", backup.path(), HttpFetcher.describe(e));
        }
    }

    /** Guarded by delivery: at start-up, with no fresh document in time, serve the last good one from disk. */
    private void useBackup() {
        if (backup == null) {
            return;
        }
        Optional<String> text;
        try {
            text = backup.read();
        } catch (IOException e) {
            log.warn("Cannot read the flags backup file {}: {}; ignoring it", backup.path(), HttpFetcher.describe(e));
            return;
        }
        if (text.isEmpty()) {
            return;
        }
        try {
            listener.onDocument(text.get());
            String written = backup.modified().toString();
            listener.onFailure("serving the backup file " + backup.path() + " written " + written
                    + " until the store answers" + (lastFailure == null ? "" : " (" + lastFailure + ")"), null);
        } catch (InvalidFlagDocumentException e) {
            log.warn("The flags backup file {} is corrupt and is ignored: {}", backup.path(), e.getMessage());
        } catch (IOException e) {
            log.debug("Cannot read the backup file's time", e);
        }
    }

    private void denied(StoreException e) {
        denied = true;
        failed(e.getMessage(), e);
        EventStream events = stream;
        if (events != null) {
            events.close();
        }
    }

    private void failed(String message, Throwable cause) {
        if (!closed) {
            listener.onFailure(message, cause);
        }
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
        httpExecutor.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    static final class Threads {
        private Threads() {
        }

        static java.util.concurrent.ThreadFactory daemon(String prefix) {
            AtomicInteger count = new AtomicInteger();
            return runnable -> {
                Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }
}
