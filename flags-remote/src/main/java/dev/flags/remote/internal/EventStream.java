package dev.flags.remote.internal;

import dev.flags.remote.HttpFlagSource.Builder;
import dev.flags.remote.internal.StoreException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's server-sent-events stream, {@code GET {url}/stream}: each event announces a new revision, and
 * the client answers with a conditional fetch (so a fleet shares the store's HTTP cache instead of carrying
 * documents in events). One daemon thread reads it; a watchdog drops a stream that stays silent longer than
 * the heartbeat timeout (a half-open connection); reconnects back off with jitter and resume with
 * {@code Last-Event-ID}; every (re)connect triggers a fetch, so nothing announced while away is missed. The
 * reader survives anything a store sends (an endless line, an absurd field, a failure of its own) and reconnects,
 * until it is closed or the store refuses the credentials.
 */
final class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    /** Beyond it the back-off stays at its maximum; keeps the exponent small. */
    private static final int MAX_ATTEMPT = 30;

    private final HttpClient client;
    private final RemoteSettings settings;
    private final Timebase time;
    private final URI uri;
    private final ScheduledExecutorService scheduler;
    private final Runnable onRevision;
    private final Consumer<StoreException> onDenied;

    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long lastActivityNanos;
    private volatile Thread thread;
    private volatile InputStream current;
    /** Why the stream is not connected now, for status(); null while connected. */
    private volatile String problem = "connecting";
    /** Why the store refused the stream, once it has: the stream then stays down for good. */
    private volatile String denial;
    /** Set when the watchdog drops the connection; see {@link #lost}. */
    private volatile boolean silenced;
    private ScheduledFuture<?> watchdog;
    /** Reader thread only: the id of the last event dispatched, what a reconnect resumes from. */
    private String lastEventId;
    private long serverRetryMillis;
    private boolean loggedNoStream;
    private boolean loggedOversized;

    EventStream(HttpClient client, RemoteSettings settings, ScheduledExecutorService scheduler, Runnable onRevision,
            Consumer<StoreException> onDenied) {
        this.client = client;
        this.settings = settings;
        this.time = settings.timebase();
        String base = settings.url().toString();
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        this.uri = URI.create((path.endsWith("/") ? path + "stream" : path + "/stream")
                + (query < 0 ? "" : base.substring(query)));
        this.scheduler = scheduler;
        this.onRevision = onRevision;
        this.onDenied = onDenied;
    }

    synchronized void start() {
        Thread reader = Daemons.thread("flags-remote-stream", this::run);
        thread = reader;
        long check = Math.max(100, settings.heartbeatTimeout().toMillis() / 4);
        watchdog = scheduler.scheduleWithFixedDelay(this::checkHeartbeat, check, check, TimeUnit.MILLISECONDS);
        reader.start();
    }

    /** True while connected and not silent for longer than the heartbeat timeout. */
    boolean healthy() {
        return connected && time.nanoTime() - lastActivityNanos < settings.heartbeatTimeout().toNanos();
    }

    /**
     * The stream's state in a few words, for status(): {@code connecting}, {@code connected},
     * {@code reconnecting: <why>}, {@code none: <why>; polling every <interval>}, {@code denied: <why>} or
     * {@code closed}.
     */
    String state() {
        String refused = denial;
        if (refused != null) {
            return "denied: " + refused;
        }
        if (closed) {
            return "closed";
        }
        if (healthy()) {
            return "connected";
        }
        String why = problem;
        return why != null ? why : silent();
    }

    /**
     * Records why the stream is down. A stream the watchdog dropped then fails with "closed", but silence was
     * the reason, and that is what status() says.
     */
    private void lost(String why) {
        problem = silenced ? silent() : why;
    }

    private String silent() {
        return "reconnecting: silent for longer than " + settings.heartbeatTimeout();
    }

    private void run() {
        int attempt = 0;
        while (!closed) {
            long wait;
            try {
                boolean delivered = connectAndRead();
                lost("reconnecting: the store ended the stream");
                attempt = delivered ? 1 : Math.min(attempt + 1, MAX_ATTEMPT);
                wait = Math.max(serverRetryMillis, settings.backoff().reconnect().apply(attempt));
            } catch (StoreException e) {
                if (e.kind == Kind.DENIED) {
                    stopDenied(e);
                    return;
                }
                attempt = Math.min(attempt + 1, MAX_ATTEMPT);
                wait = failed(e, attempt);
            } catch (Throwable e) {
                // An I/O error, an oversized line, or anything else: the reader must outlive it and reconnect.
                attempt = Math.min(attempt + 1, MAX_ATTEMPT);
                wait = dropped(e, attempt);
            }
            connected = false;
            Thread.interrupted(); // a watchdog interrupt that ended the last stream must not cut the wait short
            if (closed) {
                return;
            }
            try {
                time.sleep(wait);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void stopDenied(StoreException e) {
        lost("denied: " + e.getMessage());
        try {
            onDenied.accept(e);
        } finally {
            deny(e.getMessage());
        }
    }

    /** How long to wait after the store answered with a failure. */
    private long failed(StoreException e, int attempt) {
        long backoff = settings.backoff().reconnect().apply(attempt);
        switch (e.kind) {
            case THROTTLED -> {
                lost("reconnecting: " + e.getMessage());
                return Math.max(e.retryAfter.toMillis(), backoff);
            }
            case UNUSABLE -> {
                lost("none: " + e.getMessage() + "; polling every " + settings.pollInterval());
                if (!loggedNoStream) {
                    loggedNoStream = true;
                    log.info("The flag store at {} offers no event stream ({}); polling every {} instead",
                            settings.displayUrl(), e.getMessage(), settings.pollInterval());
                }
                return Builder.NO_STREAM_RETRY.toMillis();
            }
            default -> {
                lost("reconnecting: " + e.getMessage());
                log.debug("Flag event stream {} failed: {}", settings.displayUrl(), e.getMessage());
                return Math.max(serverRetryMillis, backoff);
            }
        }
    }

    /** How long to wait after the connection failed or broke. */
    private long dropped(Throwable e, int attempt) {
        if (e instanceof SseReader.Oversized) {
            lost("reconnecting: " + e.getMessage());
            if (!loggedOversized) {
                loggedOversized = true;
                log.warn("Flag event stream {} dropped: {}; reconnecting", settings.displayUrl(), e.getMessage());
            }
        } else {
            String why = Failures.describe(e, uri);
            lost("reconnecting: dropped (" + why + ")");
            log.debug("Flag event stream {} dropped: {}", settings.displayUrl(), why, e);
        }
        return Math.max(serverRetryMillis, settings.backoff().reconnect().apply(attempt));
    }

    /** Reads one connection to its end; true when it delivered at least one event. */
    private boolean connectAndRead() throws StoreException, IOException {
        silenced = false;
        HttpRequest.Builder request = Requests.builder(settings, uri)
                .header("Accept", "text/event-stream")
                .header("Cache-Control", "no-cache")
                .timeout(settings.requestTimeout());
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 404 || status == 405 || status == 501) {
                throw new StoreException(Kind.UNUSABLE, "the store answered HTTP " + status);
            }
            HttpFetcher.checkStatus(status, response, time.clock());
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/event-stream")) {
                throw new StoreException(Kind.UNUSABLE, "the store answered content type '" + Failures.shown(type)
                        + "'");
            }
            current = body;
            lastActivityNanos = time.nanoTime();
            connected = true;
            problem = null;
            onRevision.run();
            return read(body);
        } finally {
            current = null;
        }
    }

    private boolean read(InputStream body) throws IOException {
        SseReader reader = new SseReader(body, lastEventId, settings.maxDocumentBytes(),
                () -> lastActivityNanos = time.nanoTime());
        boolean delivered = false;
        try {
            while (!closed && reader.next()) {
                onRevision.run();
                delivered = true;
                lastEventId = reader.lastEventId();
            }
        } finally {
            lastEventId = reader.lastEventId();
            if (reader.retryMillis() >= 0) {
                serverRetryMillis = reader.retryMillis();
            }
        }
        return delivered;
    }

    /** Drops a connection that has been silent too long: a heartbeat missed means a dead or half-open stream. */
    private void checkHeartbeat() {
        if (connected && !healthy()) {
            log.debug("Flag event stream {} silent for over {}; reconnecting", settings.displayUrl(),
                    settings.heartbeatTimeout());
            silenced = true;
            connected = false;
            Thread reader = thread;
            if (reader != null) {
                reader.interrupt();
            }
            closeQuietly(current);
        }
    }

    /** Stops for good because the store refused the credentials; status() says so. */
    void deny(String why) {
        denial = why;
        close();
    }

    void close() {
        closed = true;
        connected = false;
        synchronized (this) {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        closeQuietly(current);
        Thread reader = thread;
        if (reader != null && reader != Thread.currentThread()) {
            reader.interrupt();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // Closing to unblock the reader; nothing to do if that fails.
            }
        }
    }
}
