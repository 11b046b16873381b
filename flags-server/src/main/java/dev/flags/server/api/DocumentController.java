package dev.flags.server.api;

import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.Snapshot;
import dev.flags.server.store.Definitions;
import dev.flags.server.usage.FleetUsage;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** The read side: the store protocol's document, the flag list and one flag, all from memory. */
@RestController
@RequestMapping("/v1/envs/{env}")
class DocumentController {

    private final EnvironmentStore store;
    private final FleetUsage usage;

    DocumentController(EnvironmentStore store, FleetUsage usage) {
        this.store = store;
        this.usage = usage;
    }

    @GetMapping("/document")
    ResponseEntity<byte[]> document(@PathVariable String env,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        Snapshot snapshot = store.snapshot(env);
        return Documents.answer(snapshot, ifNoneMatch, acceptEncoding);
    }

    /** The flag list; with {@code stale=P30D}, only the flags stale in that window, each saying why. */
    @GetMapping("/flags")
    ResponseEntity<?> flags(@PathVariable String env, @RequestParam(required = false) String stale) {
        Snapshot snapshot = store.snapshot(env);
        if (stale != null) {
            return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(stale(snapshot, window(stale)));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noCache())
                .body(snapshot.flagList());
    }

    private List<Map<String, Object>> stale(Snapshot snapshot, Duration window) {
        return usage.stale(snapshot.environment(), window).stream().map(flag -> {
            ObjectNode definition = snapshot.definition(flag.key());
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", flag.key());
            entry.put("version", snapshot.version(flag.key()));
            entry.put("enabled", definition == null || Definitions.enabled(definition));
            entry.put("description", definition == null ? null : Definitions.description(definition));
            entry.put("stale", flag.unevaluated() ? "unevaluated" : "one-variant");
            entry.put("lastEvaluated", flag.lastEvaluated() == null ? null : flag.lastEvaluated().toString());
            if (!flag.unevaluated()) {
                entry.put("variant", flag.variant());
                entry.put("evaluations", flag.evaluations());
            }
            return entry;
        }).toList();
    }

    private Duration window(String stale) {
        Duration window;
        try {
            window = Duration.parse(stale.trim());
        } catch (DateTimeParseException e) {
            throw staleProblem("'stale' must be an ISO-8601 duration such as P30D or PT12H, not '"
                    + (stale.length() > 40 ? stale.substring(0, 40) + "..." : stale) + "'");
        }
        if (window.isNegative() || window.isZero() || window.compareTo(usage.retention()) > 0) {
            throw staleProblem("'stale' must be longer than zero and at most the usage retention, "
                    + usage.retention().toDays() + " days (flags.server.usage-retention), not " + stale.trim());
        }
        return window;
    }

    private static ApiException staleProblem(String message) {
        return UsageBodies.malformed(null, "stale", message);
    }

    @GetMapping("/flags/{key}")
    ResponseEntity<Map<String, Object>> flag(@PathVariable String env, @PathVariable String key) {
        Snapshot snapshot = store.snapshot(env);
        var definition = snapshot.definition(key);
        if (definition == null) {
            throw new ApiException(404, "Not Found", "environment '" + env + "' has no flag '" + key + "'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("version", snapshot.version(key));
        body.put("definition", definition);
        return ResponseEntity.ok().eTag("\"" + snapshot.version(key) + "\"").body(body);
    }
}
