package dev.flags.remote.internal;

import java.net.URI;
import java.net.http.HttpRequest;

/** The headers every request to the store carries: authentication and the configured extras. */
final class Requests {

    private Requests() {
    }

    static HttpRequest.Builder builder(RemoteSettings settings, URI uri) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("User-Agent", "flags-remote");
        settings.headers().forEach(request::header);
        if (settings.bearerToken() != null) {
            request.header("Authorization", "Bearer " + settings.bearerToken());
        }
        return request;
    }

    /**
     * Whether a value the store sent may be sent back in a header: at most {@code maxLength} characters, none
     * that a header cannot carry (which would fail every later request).
     */
    static boolean fitsHeader(String value, int maxLength) {
        return value.length() <= maxLength
                && value.chars().allMatch(c -> c == '\t' || c >= 0x20 && c != 0x7f && c <= 0xff);
    }
}
