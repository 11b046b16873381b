package dev.flags.remote.internal;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Network failures in words a person on call reads at 3 a.m.: what failed, with which host and port. */
final class Failures {

    private Failures() {
    }

    /**
     * What went wrong talking to the store at {@code uri}, such as "connection refused to flags.internal:443";
     * the exception's class and message when it is none of the usual ones. Never carries a secret: the JDK's
     * messages name hosts and ports, not headers.
     */
    static String describe(Throwable failure, URI uri) {
        String where = hostAndPort(uri);
        for (Throwable link = failure; link != null; link = link.getCause()) {
            if (link instanceof HttpConnectTimeoutException) {
                return "connecting to " + where + " timed out";
            }
            if (link instanceof ConnectException) {
                return "connection refused to " + where;
            }
            if (link instanceof UnknownHostException || link instanceof UnresolvedAddressException) {
                return "unknown host " + uri.getHost();
            }
            if (link instanceof NoRouteToHostException) {
                return "no route to " + where;
            }
            if (link instanceof SSLException) {
                return "TLS with " + where + " failed" + message(link);
            }
            if (link instanceof EOFException) {
                return where + " closed the connection before answering";
            }
            String message = link.getMessage() == null ? "" : link.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("connection reset")) {
                return "the connection to " + where + " was reset";
            }
        }
        return describe(failure) + " (" + where + ")";
    }

    /** The class and message of a failure, for one with no better words. */
    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + message(failure);
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? "" : ": " + failure.getMessage();
    }

    /**
     * A value the store sent (a content type, a location), as it may be shown in status and logs: at most 100
     * characters, control characters replaced, so that a hostile header cannot flood either.
     */
    static String shown(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    static String hostAndPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }
}
