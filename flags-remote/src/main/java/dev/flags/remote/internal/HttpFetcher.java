package dev.flags.remote.internal;

import dev.flags.remote.HttpFlagSource.Builder;
import dev.flags.remote.internal.StoreException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One conditional GET of the document: ETag or Last-Modified, gzip, size limit, and a clear failure for
 * everything else.
 */
final class HttpFetcher {

    private static final Logger log = LoggerFactory.getLogger(HttpFetcher.class);
    /** The longest validator (ETag, Last-Modified) sent back; a longer one is ignored, not echoed. */
    static final int MAX_VALIDATOR_LENGTH = 200;

    /**
     * A fetched document, or null text when the store answered 304, with the validators to send back on the
     * next fetch: {@code etag} and {@code lastModified} as the store sent them, each null when absent or unfit.
     */
    record Fetched(String text, String etag, String lastModified) {
        boolean notModified() {
            return text == null;
        }
    }

    private final HttpClient client;
    private final RemoteSettings settings;

    HttpFetcher(HttpClient client, RemoteSettings settings) {
        this.client = client;
        this.settings = settings;
    }

    /** Asks for the document unless it is unchanged since the last one fetched, as told by either validator. */
    Fetched fetch(String etag, String lastModified) throws StoreException {
        HttpRequest.Builder request = Requests.builder(settings, settings.url())
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json, application/yaml;q=0.9, */*;q=0.1")
                .header("Accept-Encoding", "gzip");
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        if (lastModified != null) {
            // Verbatim, as RFC 9110 recommends: a store may honour only an exact match of its own date, whose
            // clock need not agree with ours. Next to an ETag it is harmless (a store that checks If-None-Match
            // ignores it) and serves a store that only checks dates.
            request.header("If-Modified-Since", lastModified);
        }
        // The request timeout bounds the whole exchange, body included: a store that sends its headers and
        // then stalls must not hold the client (the JDK's own timeout stops at the headers).
        CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.GET().build(),
                info -> info.statusCode() == 200 ? new LimitedBody(settings.maxDocumentBytes())
                        : HttpResponse.BodySubscribers.replacing(new byte[0]));
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new StoreException(Kind.TRANSIENT, "timed out after " + settings.requestTimeout(), null, e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new StoreException(Kind.TRANSIENT, "interrupted", null, e);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        }
        int status = response.statusCode();
        if (status == 304) {
            return new Fetched(null, etag, lastModified);
        }
        checkStatus(status, response, settings.timebase().clock());
        checkContentType(response);
        String text = decode(response.body(), response.headers().firstValue("Content-Encoding"));
        if (text.isBlank()) {
            throw new StoreException(Kind.UNUSABLE, "the store answered an empty document");
        }
        return new Fetched(text, validator(response, "ETag"), strongLastModified(response));
    }

    /**
     * The Last-Modified date to send back, or null when it is a weak validator (RFC 9110, 8.8.2.2): less than a
     * second before the response's Date, or with no Date to compare. Dates count whole seconds, so a document
     * written again in the same second keeps its Last-Modified: a store asked If-Modified-Since would answer
     * 304 to that change forever. Without it the next fetch is unconditional, and by then the date is strong.
     */
    private static String strongLastModified(HttpResponse<?> response) {
        String lastModified = validator(response, "Last-Modified");
        if (lastModified == null) {
            return null;
        }
        Instant modified = httpDate(lastModified);
        Instant date = response.headers().firstValue("Date").map(HttpFetcher::httpDate).orElse(null);
        if (modified == null || date == null || Duration.between(modified, date).compareTo(Duration.ofSeconds(1)) < 0) {
            log.debug("Not sending back Last-Modified {}: within a second of the answer's Date {}", lastModified, date);
            return null;
        }
        return lastModified;
    }

    private static Instant httpDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A validator to send back as received, or null when absent, longer than {@link #MAX_VALIDATOR_LENGTH}, or
     * holding characters a request header cannot carry (which would fail every later request).
     */
    private static String validator(HttpResponse<?> response, String name) {
        String value = response.headers().firstValue(name).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!Requests.fitsHeader(value, MAX_VALIDATOR_LENGTH)) {
            log.debug("Ignoring the store's {} header ({} characters): too long or unprintable to send back", name,
                    value.length());
            return null;
        }
        return value;
    }

    private StoreException failure(Throwable cause) {
        for (Throwable link = cause; link != null; link = link.getCause()) {
            if (link instanceof StoreException store) {
                return store;
            }
        }
        if (cause instanceof HttpTimeoutException) {
            return new StoreException(Kind.TRANSIENT, "timed out after " + settings.requestTimeout(), null, cause);
        }
        return new StoreException(Kind.TRANSIENT, "cannot reach the store: "
                + Failures.describe(cause, settings.url()), null, cause);
    }

    /** Throws what a status other than 200 means; {@code clock} reads a Retry-After date. */
    static void checkStatus(int status, HttpResponse<?> response, Clock clock) throws StoreException {
        if (status == 200) {
            return;
        }
        if (status >= 300 && status < 400) {
            // Redirects are not followed: the token and headers must not travel to wherever a response points.
            throw new StoreException(Kind.UNUSABLE, "the store redirected (HTTP " + status + ") to "
                    + response.headers().firstValue("Location").map(HttpFetcher::origin).orElse("nowhere")
                    + "; configure the final URL");
        }
        if (status == 401 || status == 403) {
            throw new StoreException(Kind.DENIED, "the store refused the credentials (HTTP " + status
                    + "); not asking again until reconfigured");
        }
        if (status == 429 || status == 503) {
            long asked = response.headers().firstValue("Retry-After").map(value -> retryAfterSeconds(value, clock))
                    .orElse(-1L);
            if (asked >= 0) {
                Duration wait = retryAfter(asked);
                String note = wait.toSeconds() < asked
                        ? "; waiting " + wait.toSeconds() + " s, the most it may ask" : "";
                throw new StoreException(Kind.THROTTLED, "the store asked to retry after "
                        + (asked == Long.MAX_VALUE ? "over 10^18" : asked) + " s" + note
                        + " (HTTP " + status + ")", wait, null);
            }
        }
        throw new StoreException(status >= 500 || status == 429 || status == 408 ? Kind.TRANSIENT : Kind.UNUSABLE,
                "the store answered HTTP " + status, null, null);
    }

    /** How long to wait for a Retry-After of this many seconds: at most {@link Builder#MAX_RETRY_AFTER}. */
    static Duration retryAfter(long seconds) {
        return Duration.ofSeconds(Math.min(seconds, Builder.MAX_RETRY_AFTER.toSeconds()));
    }

    /**
     * The seconds a Retry-After asks for, whole seconds or an HTTP date (0 for a date past), saturating at
     * {@code Long.MAX_VALUE} instead of overflowing; -1 when unreadable (then it is ignored).
     */
    static long retryAfterSeconds(String value, Clock clock) {
        String text = value.trim();
        if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            String digits = text.replaceFirst("^0+(?=.)", "");
            return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        }
        Instant at = httpDate(text);
        return at == null ? -1 : Math.max(0, Duration.between(clock.instant(), at).toSeconds());
    }


    private static void checkContentType(HttpResponse<?> response) throws StoreException {
        Optional<String> type = response.headers().firstValue("Content-Type");
        if (type.isEmpty()) {
            return;
        }
        String value = type.get().toLowerCase(Locale.ROOT);
        if (!value.contains("json") && !value.contains("yaml") && !value.startsWith("text/plain")
                && !value.startsWith("application/octet-stream")) {
            throw new StoreException(Kind.UNUSABLE, "the store answered content type " + Failures.shown(type.get())
                    + ", not a JSON or YAML document");
        }
    }

    private static String origin(String location) {
        try {
            URI uri = URI.create(location);
            return uri.getHost() == null ? "a path on the same host" : Failures.shown(RemoteSettings.displayUrl(uri));
        } catch (IllegalArgumentException e) {
            return "an unreadable location";
        }
    }

    private String decode(byte[] body, Optional<String> encoding) throws StoreException {
        boolean gzip = encoding.map(value -> value.toLowerCase(Locale.ROOT).contains("gzip")).orElse(false);
        if (!gzip) {
            return utf8(body);
        }
        try {
            return utf8(read(new GZIPInputStream(new ByteArrayInputStream(body))));
        } catch (IOException e) {
            throw new StoreException(Kind.UNUSABLE, "the gzip body is corrupt: " + Failures.describe(e));
        }
    }

    private byte[] read(InputStream in) throws IOException, StoreException {
        long limit = settings.maxDocumentBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            if (out.size() + (long) read > limit) {
                throw new StoreException(Kind.UNUSABLE, "the document is larger than the limit of " + limit
                        + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static String utf8(byte[] bytes) throws StoreException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new StoreException(Kind.UNUSABLE, "the document is not UTF-8 text");
        }
    }
}
