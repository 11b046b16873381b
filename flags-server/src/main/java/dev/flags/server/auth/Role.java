package dev.flags.server.auth;

import java.util.Locale;

/** What a token may do: {@code admin} implies {@code write} implies {@code read}. */
public enum Role {
    READ, WRITE, ADMIN;

    public boolean implies(Role other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named, or null. */
    public static Role of(String label) {
        for (Role role : values()) {
            if (role.label().equals(label)) {
                return role;
            }
        }
        return null;
    }
}
