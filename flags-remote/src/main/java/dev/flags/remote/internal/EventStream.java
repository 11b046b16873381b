package dev.flags.remote.internal;

import dev.flags.remote.internal.StoreException.Kind;
import io.github.resilience4j.core.IntervalFunction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * {@code Last-Event-ID}; every (re)connect triggers a fetch, so nothing announced while away is missed.
 */
final class EventStream {

    private static final Logger log = LoggerFactory.getLogger(EventStream.class);
    /** How long to wait before asking again a store that has no stream endpoint. */
    private static final Duration NO_STREAM_RETRY = Duration.ofMinutes(10);

    private final HttpClient client;
    private final RemoteSettings settings;
    private final URI uri;
    private final ScheduledExecutorService scheduler;
    private final Runnable onRevision;
    private final Consumer<StoreException> onDenied;
    private final IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(1), 2.0,
            0.5, Duration.ofSeconds(30));

    private volatile boolean closed;
    private volatile boolean connected;
    private volatile long lastActivityNanos;
    private volatile Thread thread;
    private volatile InputStream current;
    /** Why the stream is not connected now, for status(); null while connected. */
    private volatile String problem = "connecting";
    /** Set when the watchdog drops the connection; see {@link #lost}. */
    private volatile boolean silenced;
    private ScheduledFuture<?> watchdog;
    /** The id of the last event dispatched: what a reconnect resumes from. */
    private String lastEventId;
    private long serverRetryMillis;
    private boolean loggedNoStream;

    EventStream(HttpClient client, RemoteSettings settings, ScheduledExecutorService scheduler, Runnable onRevision,
            Consumer<StoreException> onDenied) {
        this.client = client;
        this.settings = settings;
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
        Thread reader = new Thread(this::run, "flags-remote-stream");
        reader.setDaemon(true);
        thread = reader;
        long check = Math.max(100, settings.heartbeatTimeout().toMillis() / 4);
        watchdog = scheduler.scheduleWithFixedDelay(this::checkHeartbeat, check, check, TimeUnit.MILLISECONDS);
        reader.start();
    }

    /** True while connected and not silent for longer than the heartbeat timeout. */
    boolean healthy() {
        return connected && System.nanoTime() - lastActivityNanos < settings.heartbeatTimeout().toNanos();
    }

    /**
     * The stream's state in a few words, for status(): {@code connecting}, {@code connected},
     * {@code reconnecting: <why>}, {@code none: <why>; polling every <interval>}, {@code denied: <why>} or
     * {@code closed}.
     */
    String state() {
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
                attempt = delivered ? 0 : attempt;
                wait = Math.max(serverRetryMillis, backoff.apply(++attempt));
            } catch (StoreException e) {
                if (e.kind == Kind.DENIED) {
                    lost("denied: " + e.getMessage());
                    onDenied.accept(e);
                    return;
                }
                if (e.kind == Kind.THROTTLED) {
                    lost("reconnecting: " + e.getMessage());
                    wait = Math.max(e.retryAfter.toMillis(), backoff.apply(++attempt));
                } else if (e.kind == Kind.UNUSABLE) {
                    lost("none: " + e.getMessage() + "; polling every " + settings.pollInterval());
                    if (!loggedNoStream) {
                        loggedNoStream = true;
                        log.info("The flag store at {} offers no event stream ({}); polling every {} instead",
                                settings.displayUrl(), e.getMessage(), settings.pollInterval());
                    }
                    wait = NO_STREAM_RETRY.toMillis();
                } else {
                    lost("reconnecting: " + e.getMessage());
                    log.debug("Flag event stream {} failed: {}", settings.displayUrl(), e.getMessage());
                    wait = Math.max(serverRetryMillis, backoff.apply(++attempt));
                }
            } catch (IOException | RuntimeException e) {
                lost("reconnecting: dropped (" + HttpFetcher.describe(e) + ")");
                log.debug("Flag event stream {} dropped: {}", settings.displayUrl(), HttpFetcher.describe(e));
                wait = Math.max(serverRetryMillis, backoff.apply(++attempt));
            }
            connected = false;
            Thread.interrupted(); // a watchdog interrupt that ended the last stream must not cut the wait short
            if (closed) {
                return;
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
            }
        }
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
            HttpFetcher.checkStatus(status, response);
            String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (!type.startsWith("text/event-stream")) {
                throw new StoreException(Kind.UNUSABLE, "the store answered content type '" + type + "'");
            }
            current = body;
            lastActivityNanos = System.nanoTime();
            connected = true;
            problem = null;
            onRevision.run();
            return read(new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)));
        } finally {
            current = null;
        }
    }

    private boolean read(BufferedReader reader) throws IOException {
        boolean delivered = false;
        StringBuilder data = new StringBuilder();
        boolean pending = false;
        String id = lastEventId;
        String line;
        while (!closed && (line = reader.readLine()) != null) {
            lastActivityNanos = System.nanoTime();
            if (line.isEmpty()) {
                lastEventId = id; // committed only when the event is complete, as the SSE specification says
                if (pending) {
                    onRevision.run();
                    delivered = true;
                }
                data.setLength(0);
                pending = false;
            } else if (line.charAt(0) != ':') {
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
                switch (field) {
                    case "id" -> {
                        if (value.indexOf('\0') < 0) {
                            id = value;
                        }
                    }
                    case "data" -> {
                        data.append(value).append('\n');
                        pending = true;
                    }
                    case "event" -> pending = true;
                    case "retry" -> serverRetryMillis = retryMillis(value, serverRetryMillis);
                    default -> {
                        // Unknown fields are ignored, as the SSE specification says.
                    }
                }
            }
        }
        return delivered;
    }

    /** The reconnection time a {@code retry:} field asks for, at most a minute; digits only, as the spec says. */
    static long retryMillis(String value, long current) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return current;
        }
        return value.length() > 6 ? 60_000 : Math.min(Long.parseLong(value), 60_000);
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
