package dev.flags.server.api;

import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.stream.StreamHub;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The store protocol's stream: server-sent events announcing each new revision. */
@RestController
class StreamController {

    private final EnvironmentStore store;
    private final StreamHub hub;

    StreamController(EnvironmentStore store, StreamHub hub) {
        this.store = store;
        this.hub = hub;
    }

    @GetMapping("/v1/envs/{env}/document/stream")
    SseEmitter stream(@PathVariable String env,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
            HttpServletResponse response) {
        var snapshot = store.snapshot(env);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        Long last = null;
        if (lastEventId != null) {
            try {
                last = Long.parseLong(lastEventId.trim());
            } catch (NumberFormatException e) {
                last = null; // an id from elsewhere: announce the current revision
            }
        }
        return hub.open(snapshot, last);
    }
}
