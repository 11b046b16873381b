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
}
