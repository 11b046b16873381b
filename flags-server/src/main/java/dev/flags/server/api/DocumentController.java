package dev.flags.server.api;

import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.Snapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The read side: the store protocol's document, the flag list and one flag, all from memory. */
@RestController
@RequestMapping("/v1/envs/{env}")
class DocumentController {

    private final EnvironmentStore store;

    DocumentController(EnvironmentStore store) {
        this.store = store;
    }

    @GetMapping("/document")
    ResponseEntity<byte[]> document(@PathVariable String env,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding) {
        Snapshot snapshot = store.snapshot(env);
        return Documents.answer(snapshot, ifNoneMatch, acceptEncoding);
    }

    @GetMapping("/flags")
    ResponseEntity<byte[]> flags(@PathVariable String env) {
        Snapshot snapshot = store.snapshot(env);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noCache())
                .body(snapshot.flagList());
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
