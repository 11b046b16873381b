package dev.flags.server.api;

import dev.flags.server.auth.Caller;
import dev.flags.server.auth.Role;
import dev.flags.server.auth.Token;
import dev.flags.server.auth.TokenStore;
import dev.flags.server.store.EnvironmentStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Tokens (admin only): create (the secret is shown once), list without secrets, revoke. */
@RestController
@RequestMapping("/v1/tokens")
class TokenController {

    private final TokenStore tokens;
    private final EnvironmentStore store;
    private final Bodies bodies;

    TokenController(TokenStore tokens, EnvironmentStore store, Bodies bodies) {
        this.tokens = tokens;
        this.store = store;
        this.bodies = bodies;
    }

    @PostMapping
    ResponseEntity<Map<String, Object>> create(HttpServletRequest request) {
        ObjectNode body = bodies.read(request, true, Set.of("name", "role", "environments"));
        String name = Bodies.text(body, "name", 200);
        if (name == null || name.isBlank()) {
            throw ApiException.invalid(null, "name", "'name' is required: it names the token in the history");
        }
        Role role = Role.of(Bodies.text(body, "role", 10));
        if (role == null) {
            throw ApiException.invalid(null, "role", "'role' must be read, write or admin");
        }
        Set<String> environments = environments(body.get("environments"));
        Caller caller = Callers.of(request);
        if (caller.environments() != null
                && (environments == null || !caller.environments().containsAll(environments))) {
            throw new ApiException(403, "Forbidden", "token '" + caller.name()
                    + "' cannot create a token for environments it may not use");
        }
        TokenStore.Created created = tokens.create(name.trim(), role, environments);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", created.token().id());
        answer.put("name", created.token().name());
        answer.put("role", role.label());
        answer.put("environments", environments);
        answer.put("token", created.secret());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @GetMapping
    List<Map<String, Object>> list() {
        return tokens.list().stream().map(TokenController::listed).toList();
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable String id) {
        if (!tokens.revoke(id)) {
            throw new ApiException(404, "Not Found", "there is no token '" + id + "'");
        }
        return ResponseEntity.noContent().build();
    }

    private Set<String> environments(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ApiException.invalid(null, "environments", "'environments' must be a non-empty list of"
                    + " environment names (leave it out for all)");
        }
        Set<String> environments = new LinkedHashSet<>();
        for (JsonNode element : node) {
            if (!element.isString() || !store.environments().contains(element.stringValue())) {
                throw ApiException.invalid(null, "environments", "there is no environment " + element);
            }
            environments.add(element.stringValue());
        }
        return environments;
    }

    private static Map<String, Object> listed(Token token) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", token.id());
        entry.put("name", token.name());
        entry.put("role", token.role().label());
        entry.put("environments", token.environments());
        entry.put("created", token.created().toString());
        entry.put("lastUsed", token.lastUsed() == null ? null : token.lastUsed().toString());
        entry.put("revoked", token.revoked() != null);
        return entry;
    }
}
