package dev.flags.server.api;

import dev.flags.server.store.Definitions;
import dev.flags.server.store.Edit;
import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.FlagEdits;
import dev.flags.server.store.FlagEdits.Precondition;
import dev.flags.server.store.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes of one flag: PUT with a precondition, DELETE, and the idempotent intents kill, restore, rollout. */
@RestController
@RequestMapping("/v1/envs/{env}/flags/{key}")
class FlagWriteController {

    static final int MAX_COMMENT = 2000;

    private final EnvironmentStore store;
    private final Bodies bodies;
    private final MeterRegistry meters;

    FlagWriteController(EnvironmentStore store, Bodies bodies, MeterRegistry meters) {
        this.store = store;
        this.bodies = bodies;
        this.meters = meters;
    }

    @PutMapping
    ResponseEntity<Map<String, Object>> put(@PathVariable String env, @PathVariable String key,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        store.snapshot(env);
        checkKey(key);
        Precondition precondition;
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*")) {
            precondition = new Precondition.Absent();
        } else if (ifMatch != null) {
            precondition = new Precondition.At(version(ifMatch));
        } else {
            throw new ApiException(428, "Precondition Required", "send If-None-Match: * to create the flag, or"
                    + " If-Match: \"<version>\" (from GET .../flags/" + key + ") to replace it");
        }
        ObjectNode body = bodies.read(request, true, Set.of("definition", "comment"));
        JsonNode definition = body.get("definition");
        if (!(definition instanceof ObjectNode object)) {
            throw ApiException.invalid(key, null, "'definition' must be a JSON object: the flag's definition");
        }
        String comment = Bodies.text(body, "comment", MAX_COMMENT);
        String action = precondition instanceof Precondition.Absent ? "create" : "update";
        WriteResult result = write(env, key, comment, dryRun, request, action,
                FlagEdits.put(key, object, precondition));
        if (dryRun) {
            return ResponseEntity.ok(Answers.dryRun(result));
        }
        HttpStatus status = precondition instanceof Precondition.Absent ? HttpStatus.CREATED : HttpStatus.OK;
        return ResponseEntity.status(status).eTag("\"" + result.version() + "\"").body(Answers.written(result, true));
    }

    @DeleteMapping
    ResponseEntity<Map<String, Object>> delete(@PathVariable String env, @PathVariable String key,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        store.snapshot(env);
        if (ifMatch == null) {
            throw new ApiException(428, "Precondition Required", "send If-Match: \"<version>\" (from GET .../flags/"
                    + key + ") to delete the flag");
        }
        ObjectNode body = bodies.read(request, false, Set.of("comment"));
        String comment = Bodies.text(body, "comment", MAX_COMMENT);
        WriteResult result = write(env, key, comment, dryRun, request, "delete", FlagEdits.delete(key, version(ifMatch)));
        return dryRun ? ResponseEntity.ok(Answers.dryRun(result)) : ResponseEntity.noContent().build();
    }

    @PostMapping("/kill")
    Map<String, Object> kill(@PathVariable String env, @PathVariable String key,
            @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        return intent(env, key, dryRun, request, "kill", Set.of("comment"), body -> FlagEdits.enabled(key, false));
    }

    @PostMapping("/restore")
    Map<String, Object> restore(@PathVariable String env, @PathVariable String key,
            @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        return intent(env, key, dryRun, request, "restore", Set.of("comment"), body -> FlagEdits.enabled(key, true));
    }

    @PostMapping("/rollout")
    Map<String, Object> rollout(@PathVariable String env, @PathVariable String key,
            @RequestParam(defaultValue = "false") boolean dryRun, HttpServletRequest request) {
        return intent(env, key, dryRun, request, "rollout", Set.of("percent", "comment"), body -> {
            JsonNode percent = body == null ? null : body.get("percent");
            if (percent == null || !percent.isNumber()) {
                throw ApiException.invalid(key, "percent", "'percent' must be a number from 0 to 100");
            }
            BigDecimal value = percent.decimalValue();
            if (value.compareTo(BigDecimal.ZERO) < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw ApiException.invalid(key, "percent", "'percent' must be from 0 to 100, not "
                        + value.toPlainString());
            }
            return FlagEdits.rollout(key, value);
        });
    }

    private Map<String, Object> intent(String env, String key, boolean dryRun, HttpServletRequest request,
            String action, Set<String> members, java.util.function.Function<ObjectNode, Edit> edit) {
        store.snapshot(env);
        ObjectNode body = bodies.read(request, false, members);
        String comment = Bodies.text(body, "comment", MAX_COMMENT);
        WriteResult result = write(env, key, comment, dryRun, request, action, edit.apply(body));
        return dryRun ? Answers.dryRun(result) : Answers.written(result, true);
    }

    private WriteResult write(String env, String key, String comment, boolean dryRun, HttpServletRequest request,
            String action, Edit edit) {
        if (dryRun) {
            return store.preview(env, key, edit);
        }
        WriteResult result = store.write(env, Callers.of(request).name(), comment, key, edit);
        if (result.written()) {
            meters.counter("flags.server.writes", "environment", env, "action", action).increment();
        }
        return result;
    }

    static void checkKey(String key) {
        if (!Definitions.FLAG_KEY.matcher(key).matches()) {
            throw ApiException.invalid(key, null, "a flag key is 1 to 200 letters, digits, '.', '_' or '-', starting"
                    + " with a letter or digit");
        }
    }

    /** The version of an {@code If-Match} header; {@code *} is any (null). */
    static Long version(String ifMatch) {
        String tag = ifMatch.trim();
        if (tag.equals("*")) {
            return null;
        }
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            tag = tag.substring(1, tag.length() - 1);
        }
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match must be a flag version such as \"42\", not " + ifMatch.trim());
        }
    }
}
