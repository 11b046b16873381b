package dev.flags.server.api;

import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.FlagEdits;
import dev.flags.server.store.Revision;
import dev.flags.server.store.Snapshot;
import dev.flags.server.store.StoreException;
import dev.flags.server.store.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** History, one revision's document, rollback to a revision, and promotion from another environment. */
@RestController
@RequestMapping("/v1/envs/{env}")
class RevisionController {

    private final EnvironmentStore store;
    private final Bodies bodies;
    private final MeterRegistry meters;

    RevisionController(EnvironmentStore store, Bodies bodies, MeterRegistry meters) {
        this.store = store;
        this.bodies = bodies;
        this.meters = meters;
    }

    @GetMapping("/revisions")
    List<Map<String, Object>> history(@PathVariable String env, @RequestParam(required = false) String flag,
            @RequestParam(defaultValue = "100") int limit, @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit must be from 1 to 1000, not " + limit);
        }
        return store.history(env, flag, limit, before).stream().map(RevisionController::entry).toList();
    }

    @GetMapping("/revisions/{revision}")
    Map<String, Object> revision(@PathVariable String env, @PathVariable long revision) {
        Snapshot snapshot = store.revision(env, revision);
        Map<String, Object> body = entry(store.entry(env, revision));
        body.put("document", dev.flags.server.store.Definitions.canonical(snapshot.document(), revision));
        return body;
    }

    @PostMapping("/revisions/{revision}/rollback")
    Map<String, Object> rollback(@PathVariable String env, @PathVariable long revision,
            @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        store.snapshot(env);
        ObjectNode body = bodies.read(request, false, Set.of("comment"));
        String comment = Bodies.text(body, "comment", FlagWriteController.MAX_COMMENT);
        ObjectNode target = store.revision(env, revision).document();
        return write(env, comment, dryRun, request, FlagEdits.rollback(target), "rollback");
    }

    /** Copies one flag ({@code flag=KEY}) or every flag and segment from the {@code from} environment. */
    @PostMapping("/promote")
    Map<String, Object> promote(@PathVariable String env, @RequestParam String from,
            @RequestParam(required = false) String flag, @RequestParam(defaultValue = "false") boolean dryRun,
            HttpServletRequest request) {
        store.snapshot(env);
        ObjectNode body = bodies.read(request, false, Set.of("comment"));
        String comment = Bodies.text(body, "comment", FlagWriteController.MAX_COMMENT);
        if (from.equals(env)) {
            throw ApiException.invalid(null, "from", "an environment cannot be promoted from itself");
        }
        Snapshot source;
        try {
            source = store.snapshot(from);
        } catch (StoreException.UnknownEnvironment e) {
            throw ApiException.invalid(null, "from", "there is no environment '" + from + "' to promote from");
        }
        if (flag != null) {
            FlagWriteController.checkKey(flag);
        }
        return write(env, comment, dryRun, request, FlagEdits.promote(source.document(), flag), "promote");
    }

    private Map<String, Object> write(String env, String comment, boolean dryRun, HttpServletRequest request,
            dev.flags.server.store.Edit edit, String action) {
        if (dryRun) {
            return Answers.dryRun(store.preview(env, null, edit));
        }
        WriteResult result = store.write(env, Callers.of(request).name(), comment, null, edit);
        if (result.written()) {
            meters.counter("flags.server.writes", "environment", env, "action", action).increment();
        }
        return Answers.written(result, false);
    }

    static Map<String, Object> entry(Revision revision) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("revision", revision.revision());
        entry.put("time", revision.time().toString());
        entry.put("actor", revision.actor());
        entry.put("action", revision.action());
        entry.put("flag", revision.flag());
        entry.put("comment", revision.comment());
        return entry;
    }
}
