package dev.flags.remote;

import dev.flags.FlagSource;
import dev.flags.remote.internal.Backoff;
import dev.flags.remote.internal.RemoteSettings;
import dev.flags.remote.internal.RemoteSync;
import dev.flags.remote.internal.Timebase;
import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Follows a remote flag store over HTTP, and never goes down with it.
 *
 * <pre>{@code
 * HttpFlagSource remote = HttpFlagSource.builder(URI.create("https://flags.internal/v1/flags"))
 *         .bearerToken(System.getenv("FLAGS_TOKEN"))
 *         .pollInterval(Duration.ofSeconds(30))      // ETag or Last-Modified: a 304 costs no parse
 *         .streaming(true)                           // server-sent events: changes arrive in about a second
 *         .backupFile(Path.of("/var/cache/app/flags.json"))
 *         .build();
 * FeatureFlags flags = FeatureFlags.builder().source(remote).build();
 * }</pre>
 *
 * <p>The store protocol is in this module's README: any server that answers {@code GET} with the document and
 * an {@code ETag} or a {@code Last-Modified} date will do, a static file server, an S3-compatible bucket or a CDN
 * included. Failures never reach callers: the last good flags stay in force and {@code FeatureFlags#status()}
 * says what is wrong. The token and header values never appear in logs, exceptions or {@code toString()}.
 *
 * <p>{@link #start} waits at most {@link Builder#startupWait} for the first document, then goes on with the
 * backup file (if any) while it keeps trying. {@link #close} ends every thread and connection it opened.
 */
public final class HttpFlagSource implements FlagSource {

    private final RemoteSettings settings;
    private final RemoteSync sync;

    private HttpFlagSource(RemoteSettings settings) {
        this.settings = settings;
        this.sync = new RemoteSync(settings);
    }

    /** A builder for a source following the store at this absolute {@code http} or {@code https} URL. */
    public static Builder builder(URI url) {
        return new Builder(url);
    }

    /** The store's URL without credentials, query or fragment. */
    @Override
    public String name() {
        return settings.displayUrl();
    }

    /**
     * {@code circuitBreaker}: the breaker's state (CLOSED, OPEN, HALF_OPEN) in front of the store; with streaming on,
     * {@code stream}: {@code connecting}, {@code connected}, {@code reconnecting: <why>},
     * {@code none: <why>; polling every <interval>}, {@code denied: <why>} or {@code closed}; with usage reporting
     * on, {@code usage}: the last report's outcome ({@code no report yet}, {@code HTTP 202 at <time> (<n> flags)},
     * {@code dropped at <time>: <why>} or {@code refused the credentials (HTTP 403) at <time>; ...}) and
     * {@code usageDropped}: how many reports were dropped since the start.
     */
    @Override
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("circuitBreaker", sync.breakerState().name());
        String stream = sync.streamState();
        if (stream != null) {
            details.put("stream", stream);
        }
        String usage = sync.usageOutcome();
        if (usage != null) {
            details.put("usage", usage);
            details.put("usageDropped", Long.toString(sync.usageDropped()));
        }
        return Collections.unmodifiableMap(details);
    }

    @Override
    public void start(Listener listener) {
        sync.start(listener);
    }

    @Override
    public void close() {
        sync.close();
    }

    @Override
    public String toString() {
        return "HttpFlagSource[" + settings + "]";
    }

    /**
     * Configures an {@link HttpFlagSource}; validates each setting as it is given. Not thread-safe.
     *
     * <p>The {@code DEFAULT_} constants are the defaults of the settings; the others name the fixed policy of
     * retries, circuit breaker and back-off, so that configuration layers (such as flags-spring's properties)
     * can derive from them instead of repeating them.
     */
    public static final class Builder {
        /** {@link #pollInterval}: 30 s. */
        public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);
        /** {@link #heartbeatTimeout}: 45 s, three missed heartbeats of a store that sends one every 15 s. */
        public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(45);
        /** {@link #startupWait}: 5 s. */
        public static final Duration DEFAULT_STARTUP_WAIT = Duration.ofSeconds(5);
        /** {@link #connectTimeout}: 5 s. */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        /** {@link #requestTimeout}: 10 s. */
        public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
        /** {@link #maxDocumentBytes}: 10 MiB. */
        public static final long DEFAULT_MAX_DOCUMENT_BYTES = 10L * 1024 * 1024;

        /** Attempts per fetch (network errors, timeouts, 5xx, 408, 429 without Retry-After): 3. */
        public static final int RETRY_ATTEMPTS = 3;
        /** The wait before a fetch's second attempt, doubled for each next one, +-50% jitter: 250 ms. */
        public static final Duration RETRY_INITIAL_BACKOFF = Duration.ofMillis(250);
        /** The longest wait between two attempts of a fetch: 5 s. */
        public static final Duration RETRY_MAX_BACKOFF = Duration.ofSeconds(5);
        /** The circuit breaker counts the outcomes of this many most recent fetches: 10. */
        public static final int BREAKER_WINDOW = 10;
        /** ... and judges only once it has seen at least this many: 5. */
        public static final int BREAKER_MINIMUM_FETCHES = 5;
        /** It opens when at least this percentage of them failed: 50. */
        public static final float BREAKER_FAILURE_PERCENT = 50;
        /** It stays open (no request at all) for this many poll intervals, then lets a trial fetch through: 2. */
        public static final int BREAKER_OPEN_POLL_INTERVALS = 2;
        /** The first wait before the event stream reconnects, doubled after each failed connection, +-50%: 1 s. */
        public static final Duration RECONNECT_INITIAL_BACKOFF = Duration.ofSeconds(1);
        /** The longest wait before the event stream reconnects: 30 s. */
        public static final Duration RECONNECT_MAX_BACKOFF = Duration.ofSeconds(30);
        /** The longest reconnection time a stream's {@code retry:} field can ask for: 60 s. */
        public static final Duration MAX_STREAM_RETRY = Duration.ofSeconds(60);
        /**
         * The longest wait a {@code Retry-After} can impose: 5 minutes. A store shedding load gets five minutes of
         * quiet, several poll intervals; a proxy's absurd value ({@code 999999999}) cannot freeze updates until a
         * restart.
         */
        public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
        /** How long before asking again a store that has no event stream: 10 minutes. */
        public static final Duration NO_STREAM_RETRY = Duration.ofMinutes(10);
        /** {@link #usageReporting()}: a report every 10 s. */
        public static final Duration DEFAULT_USAGE_INTERVAL = Duration.ofSeconds(10);
        /** The longest {@code close()} waits for the last usage report to be answered: 2 s. */
        public static final Duration USAGE_CLOSE_WAIT = Duration.ofSeconds(2);
        /** The longest {@link #app} name: 200 characters, the flag server's limit. */
        public static final int MAX_APP_LENGTH = 200;

        private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "if-none-match",
                "if-modified-since", "accept-encoding", "last-event-id", "host", "content-length", "connection");

        private final URI url;
        private String bearerToken;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean streaming;
        private Duration heartbeatTimeout = DEFAULT_HEARTBEAT_TIMEOUT;
        private Path backupFile;
        private Duration startupWait = DEFAULT_STARTUP_WAIT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private ProxySelector proxy;
        private SSLContext sslContext;
        private long maxDocumentBytes = DEFAULT_MAX_DOCUMENT_BYTES;
        private Timebase timebase = Timebase.SYSTEM;
        private Backoff backoff = Backoff.DEFAULT;
        private Duration usageInterval;
        private String app;

        private Builder(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException("the flag store URL must be an absolute http or https URL, not "
                        + (url.getScheme() == null ? "a relative one" : "a " + scheme + " one"));
            }
            if (url.getRawUserInfo() != null) {
                // The JDK client would send it on (even in HTTP/2 headers); credentials belong in bearerToken.
                throw new IllegalArgumentException("the flag store URL must not carry credentials (user info); "
                        + "use bearerToken(...) or header(...)");
            }
            this.url = url;
        }

        /** Sends {@code Authorization: Bearer <token>}; null or blank means no token (say, an unset variable). */
        public Builder bearerToken(String token) {
            this.bearerToken = token == null || token.isBlank() ? null : token;
            return this;
        }

        /** An extra header on every request (polling and streaming), such as an API key header. */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("header '" + name + "' is set by the client itself"
                        + (name.equalsIgnoreCase("authorization") ? "; use bearerToken(...)" : ""));
            }
            headers.put(name, value);
            return this;
        }

        /**
         * How often to poll (jittered by +-20%); polls are skipped while the event stream is healthy and the last
         * fetch succeeded. Default 30 s.
         */
        public Builder pollInterval(Duration interval) {
            this.pollInterval = positive(interval, "pollInterval");
            return this;
        }

        /** Follow the store's event stream ({@code GET {url}/stream}) for second-level propagation. Default off. */
        public Builder streaming(boolean streaming) {
            this.streaming = streaming;
            return this;
        }

        /** How long the stream may stay silent (no event, no heartbeat comment) before it is dropped. Default 45 s. */
        public Builder heartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = positive(timeout, "heartbeatTimeout");
            return this;
        }

        /** Where to keep the last good document, used at start-up when the store cannot be reached. */
        public Builder backupFile(Path file) {
            this.backupFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** How long start-up waits for the first document before going on with the backup or defaults. Default 5 s. */
        public Builder startupWait(Duration wait) {
            Objects.requireNonNull(wait, "startupWait");
            if (wait.isNegative()) {
                throw new IllegalArgumentException("startupWait must not be negative, not " + wait);
            }
            this.startupWait = wait;
            return this;
        }

        /** How long connecting to the store may take. Default 5 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** How long a request may take to answer (for the stream: to start answering). Default 10 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** The proxies to use; by default none (the JDK client's default: a direct connection). */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** The TLS context, for a store whose certificate the JVM's default trust store does not know. */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
            return this;
        }

        /**
         * The largest document accepted, after gzip decompression; also the longest line and the longest event
         * the event stream may send. Default 10 MiB.
         */
        public Builder maxDocumentBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxDocumentBytes must be positive, not " + bytes);
            }
            this.maxDocumentBytes = bytes;
            return this;
        }

        /** Reports usage to the flag server every {@link #DEFAULT_USAGE_INTERVAL} (10 s); see the overload. */
        public Builder usageReporting() {
            return usageReporting(DEFAULT_USAGE_INTERVAL);
        }

        /**
         * Reports this client's usage to the flag server at this interval: for every flag evaluated since the last
         * report, how often each variant was served and how many events {@code FeatureFlags.track} counted against
         * it, plus the guards tripped; no user keys or attribute values, ever. The flag server sums the fleet's
         * counts to judge its release guards and to tell which flags are stale. Off by default: it sends data out of
         * the process, counts every evaluation of every flag while on, and needs a flag server. The reports go to
         * {@code POST .../v1/envs/{env}/usage} beside the document this source follows (so the store URL must be a
         * flag server's {@code .../v1/envs/{env}/document}), gzip'd, with the same credentials, from the source's
         * own scheduler thread. A report the server does not take is dropped and counted
         * ({@link HttpFlagSource#details()}), never queued; a 401/403 stops the reporting, not the flag syncing;
         * {@code close()} sends a last one.
         *
         * @throws IllegalArgumentException when the interval is not positive, or the store URL is no flag
         *         server's document URL
         */
        public Builder usageReporting(Duration interval) {
            positive(interval, "usageReporting interval");
            if (RemoteSettings.usageUrl(url) == null) {
                throw new IllegalArgumentException("usage reporting needs a flag server's document URL, "
                        + ".../v1/envs/{env}/document, beside which its usage endpoint lies; not "
                        + RemoteSettings.displayUrl(url));
            }
            this.usageInterval = interval;
            return this;
        }

        /**
         * The application's name in usage reports, so that ops can tell which application evaluates a flag, such as
         * {@code checkout}; at most {@link #MAX_APP_LENGTH} characters. None by default.
         */
        public Builder app(String name) {
            Objects.requireNonNull(name, "app");
            String problem = name.isBlank() ? "blank"
                    : name.length() > MAX_APP_LENGTH ? name.length() + " characters long"
                    : name.chars().anyMatch(Character::isISOControl) ? "holding control characters" : null;
            if (problem != null) {
                throw new IllegalArgumentException("app must be 1 to " + MAX_APP_LENGTH
                        + " printable characters, not " + problem);
            }
            this.app = name;
            return this;
        }

        /** Tests only: a virtual time and a back-off of their choosing. */
        Builder timing(Timebase timebase, Backoff backoff) {
            this.timebase = Objects.requireNonNull(timebase, "timebase");
            this.backoff = Objects.requireNonNull(backoff, "backoff");
            return this;
        }

        /** The source; nothing starts before {@code FeatureFlags} starts it. */
        public HttpFlagSource build() {
            return new HttpFlagSource(new RemoteSettings(url, bearerToken, Map.copyOf(headers), pollInterval,
                    streaming, heartbeatTimeout, backupFile, startupWait, connectTimeout, requestTimeout, proxy,
                    sslContext, maxDocumentBytes, timebase, backoff, usageInterval, app));
        }

        private static Duration positive(Duration duration, String name) {
            Objects.requireNonNull(duration, name);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, not " + duration);
            }
            return duration;
        }
    }
}
