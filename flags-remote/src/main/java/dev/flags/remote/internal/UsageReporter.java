package dev.flags.remote.internal;

import dev.flags.UsageCounts;
import dev.flags.UsageReport;
import dev.flags.remote.HttpFlagSource.Builder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the client's usage counts to the flag server, {@code POST .../v1/envs/{env}/usage}, once per interval: the
 * counts since the last report, gzip'd JSON (see {@link UsageBody}), with the source's credentials. It runs on the
 * source's scheduler and sends without waiting (the HTTP client's threads finish the exchange), so it adds no
 * thread and never holds up a poll. Memory stays bounded: one drain, bounded by the number of flags, is in flight
 * at a time; while one is, later intervals leave their counts in the client's counters for the next report. A
 * report that cannot be delivered is dropped and counted, never kept. A 401/403 stops the reporting (not the flag
 * syncing) until the application builds a new source. {@link #close} sends what was counted since the last report,
 * waiting for it at most {@link Builder#USAGE_CLOSE_WAIT}.
 */
final class UsageReporter {

    private static final Logger log = LoggerFactory.getLogger(UsageReporter.class);

    private final RemoteSettings settings;
    private final URI uri;
    // Dropped at close, as RemoteSync drops it: on Java 17 the client's selector thread ends once it is unreachable.
    private volatile HttpClient client;
    private final Timebase time;
    private final String instance = UUID.randomUUID().toString();
    private final AtomicLong dropped = new AtomicLong();
    private volatile String outcome = "no report yet";
    private volatile boolean refused;
    private volatile boolean closed;
    private volatile long notBeforeNanos;
    private volatile UsageCounts counts;
    /** Reports on their way; cleared before their outcome is told, so that whoever sees it may report again. */
    private final AtomicInteger pending = new AtomicInteger();
    /** The exchanges on their way, for close() to cancel: from Java 21 on, closing the HTTP client awaits them. */
    private final Set<CompletableFuture<?>> exchanges = ConcurrentHashMap.newKeySet();
    /** Scheduler thread (then the closing thread) only: the last report sent, for close() to wait for. */
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);
    /** Guarded by this: the problem last logged, so each is logged once and not every interval. */
    private String loggedProblem;

    UsageReporter(RemoteSettings settings, HttpClient client) {
        this.settings = settings;
        this.uri = RemoteSettings.usageUrl(settings.url());
        this.client = client;
        this.time = settings.timebase();
        this.notBeforeNanos = time.nanoTime();
    }

    /** Counts every flag from now on and reports every interval, the first after a random part of one. */
    void start(UsageCounts usage, ScheduledExecutorService scheduler) {
        usage.countAll();
        counts = usage;
        long every = settings.usageInterval().toMillis();
        // A fleet started together would otherwise report in step, every instance in the same second.
        long first = every / 2 + ThreadLocalRandom.current().nextLong(every / 2 + 1);
        scheduler.scheduleWithFixedDelay(this::report, first, every, TimeUnit.MILLISECONDS);
    }

    private void report() {
        try {
            if (closed || refused || pending.get() > 0 || time.nanoTime() - notBeforeNanos < 0) {
                return; // the counts stay in the client's counters, for the next report
            }
            inFlight = send(counts.drain());
        } catch (Throwable e) {
            dropped.incrementAndGet();
            problem("failed", "a report failed unexpectedly: " + Failures.describe(e));
        }
    }

    private CompletableFuture<Void> send(UsageReport report) {
        List<byte[]> bodies = UsageBody.gzipped(report, instance, settings.app());
        CompletableFuture<?>[] posts = new CompletableFuture<?>[bodies.size()];
        for (int i = 0; i < posts.length; i++) {
            String what = bodies.size() == 1 ? report.flags().size() + " flags" : "part " + (i + 1) + " of "
                    + bodies.size();
            posts[i] = post(bodies.get(i), what);
        }
        return CompletableFuture.allOf(posts);
    }

    private CompletableFuture<Void> post(byte[] body, String what) {
        HttpRequest request = Requests.builder(settings, uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpClient http = client;
        if (http == null) {
            return CompletableFuture.completedFuture(null); // closed
        }
        CompletableFuture<HttpResponse<Void>> exchange;
        pending.incrementAndGet();
        try {
            exchange = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            throw e;
        }
        exchanges.add(exchange);
        // The request timeout covers the answer's headers only: a server that stalls afterwards must not hold the
        // reporting (which sends nothing while a report is on its way) for ever.
        return exchange.copy()
                .orTimeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    exchanges.remove(exchange);
                    pending.decrementAndGet();
                    if (failure == null) {
                        answered(response, what);
                    } else {
                        exchange.cancel(true);
                        dropped(unreachable(failure), "unreachable");
                    }
                    return null;
                });
    }

    private String unreachable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof TimeoutException || cause instanceof HttpTimeoutException
                ? "no answer within " + settings.requestTimeout()
                : "cannot reach the server: " + Failures.describe(cause, uri);
    }

    private void answered(HttpResponse<?> response, String what) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            outcome = "HTTP " + status + " at " + time.clock().instant() + " (" + what + ")";
            recovered();
        } else if (status == 401 || status == 403) {
            refused = true;
            dropped.incrementAndGet();
            outcome = "refused the credentials (HTTP " + status + ") at " + time.clock().instant()
                    + "; not reporting again until reconfigured";
            problem("refused", "the server refused the credentials (HTTP " + status + "); not reporting usage "
                    + "again until the source is built anew; the flags keep syncing");
        } else {
            long asked = status == 429 || status == 503
                    ? response.headers().firstValue("Retry-After")
                            .map(value -> HttpFetcher.retryAfterSeconds(value, time.clock())).orElse(-1L)
                    : -1;
            if (asked >= 0) {
                notBeforeNanos = time.nanoTime() + HttpFetcher.retryAfter(asked).toNanos();
            }
            dropped("the server answered HTTP " + status, "HTTP " + status);
        }
    }

    private void dropped(String why, String problem) {
        dropped.incrementAndGet();
        outcome = "dropped at " + time.clock().instant() + ": " + why;
        problem(problem, "a report was dropped: " + why + "; reporting goes on");
    }

    private synchronized void problem(String kind, String message) {
        if (!kind.equals(loggedProblem)) {
            loggedProblem = kind;
            log.warn("Usage reports to {}: {}", RemoteSettings.displayUrl(uri), message);
        }
    }

    private synchronized void recovered() {
        if (loggedProblem != null) {
            loggedProblem = null;
            log.info("Usage reports to {}: accepted again", RemoteSettings.displayUrl(uri));
        }
    }

    /** The last report's outcome, for details(): when, and what the server answered or why it was dropped. */
    String outcome() {
        return outcome;
    }

    /** How many reports (or parts of one) were dropped since the start. */
    long dropped() {
        return dropped.get();
    }

    /**
     * Sends what was counted since the last report and waits for it (and one still on its way) at most
     * {@link Builder#USAGE_CLOSE_WAIT}. Called once the scheduler has stopped, before the HTTP client's threads do.
     */
    void close() {
        UsageCounts usage = counts;
        if (closed || usage == null || refused) {
            closed = true;
            client = null;
            return;
        }
        closed = true;
        try {
            CompletableFuture.allOf(inFlight, send(usage.drain()))
                    .get(Builder.USAGE_CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.debug("Usage reports to {}: the last was not answered: {}", RemoteSettings.displayUrl(uri),
                    Failures.describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("Usage reports to {}: the last failed", RemoteSettings.displayUrl(uri), e);
        } finally {
            exchanges.forEach(exchange -> exchange.cancel(true));
            client = null;
            inFlight = CompletableFuture.completedFuture(null);
        }
    }
}
