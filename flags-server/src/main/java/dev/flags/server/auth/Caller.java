package dev.flags.server.auth;

import java.util.Set;

/**
 * Who is calling: a token's name, role and environments ({@code null}: all).
 *
 * @param name the token's name, recorded as the actor of the revisions it writes
 */
public record Caller(String name, Role role, Set<String> environments) {

    /** The request attribute that holds the caller of an authenticated request. */
    public static final String ATTRIBUTE = Caller.class.getName();

    public boolean mayUse(String environment) {
        return environments == null || environments.contains(environment);
    }

    public boolean may(Role needed, String environment) {
        return role.implies(needed) && (environment == null || mayUse(environment));
    }
}
