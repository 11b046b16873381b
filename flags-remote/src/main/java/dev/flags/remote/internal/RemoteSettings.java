package dev.flags.remote.internal;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * The configuration of one remote source, immutable. Secrets (the token, header values) stay in here and
 * never reach a log line, an exception or a {@code toString}. {@code usageInterval} is null when usage reporting
 * is off; {@code app} may be null.
 */
public record RemoteSettings(
        URI url,
        String bearerToken,
        Map<String, String> headers,
        Duration pollInterval,
        boolean streaming,
        Duration heartbeatTimeout,
        Path backupFile,
        Duration startupWait,
        Duration connectTimeout,
        Duration requestTimeout,
        ProxySelector proxy,
        SSLContext sslContext,
        long maxDocumentBytes,
        Timebase timebase,
        Backoff backoff,
        Duration usageInterval,
        String app) {

    /** A flag server's document URL: {@code .../v1/envs/{env}/document}, the usage endpoint's neighbour. */
    private static final Pattern SERVER_DOCUMENT = Pattern.compile(".*/v1/envs/[^/]+/document/?");

    /** The URL as it may be shown: without user info, query or fragment, which may carry credentials. */
    public String displayUrl() {
        return displayUrl(url);
    }

    /**
     * Where a flag server takes usage reports ({@code POST /v1/envs/{env}/usage}), beside the document this source
     * follows ({@code GET /v1/envs/{env}/document}), with the same query; null for a URL of another shape (a store
     * that is no flag server has no such endpoint).
     */
    public static URI usageUrl(URI url) {
        if (url.getRawPath() == null || !SERVER_DOCUMENT.matcher(url.getRawPath()).matches()) {
            return null;
        }
        String text = url.toString();
        int query = text.indexOf('?');
        int fragment = text.indexOf('#');
        int end = query >= 0 ? query : fragment >= 0 ? fragment : text.length();
        String document = text.substring(0, end).replaceFirst("/?$", "");
        return URI.create(document.substring(0, document.length() - "document".length()) + "usage"
                + text.substring(end));
    }

    /** This URL as it may be shown: without user info, query or fragment. */
    public static String displayUrl(URI uri) {
        StringBuilder text = new StringBuilder().append(uri.getScheme()).append("://").append(uri.getHost());
        if (uri.getPort() >= 0) {
            text.append(':').append(uri.getPort());
        }
        return text.append(uri.getRawPath() == null ? "" : uri.getRawPath()).toString();
    }

    @Override
    public String toString() {
        return "RemoteSettings[url=" + displayUrl() + ", token=" + (bearerToken == null ? "none" : "<redacted>")
                + ", headers=" + headers.keySet() + ", pollInterval=" + pollInterval + ", streaming=" + streaming
                + ", backupFile=" + backupFile + ", startupWait=" + startupWait
                + ", usageReporting=" + (usageInterval == null ? "off" : "every " + usageInterval)
                + (app == null ? "" : ", app=" + app) + "]";
    }
}
