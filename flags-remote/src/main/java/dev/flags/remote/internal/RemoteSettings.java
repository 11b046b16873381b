package dev.flags.remote.internal;

import java.net.ProxySelector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The configuration of one remote source, immutable. Secrets (the token, header values) stay in here and
 * never reach a log line, an exception or a {@code toString}.
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
        Backoff backoff) {

    /** The URL as it may be shown: without user info, query or fragment, which may carry credentials. */
    public String displayUrl() {
        return displayUrl(url);
    }

    static String displayUrl(URI uri) {
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
                + ", backupFile=" + backupFile + ", startupWait=" + startupWait + "]";
    }
}
