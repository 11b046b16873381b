package dev.flags.server.auth;

import java.time.Instant;
import java.util.Set;

/**
 * A stored token, without its secret: the selector that finds it and the SHA-256 verifier of the secret.
 *
 * @param environments the environments it may use, null for all
 */
public record Token(String id, String name, Role role, Set<String> environments, String verifier, Instant created,
        Instant lastUsed, Instant revoked) {

    @Override
    public String toString() {
        return "Token[" + id + " " + name + ", " + role.label() + (revoked != null ? ", revoked" : "") + "]";
    }
}
