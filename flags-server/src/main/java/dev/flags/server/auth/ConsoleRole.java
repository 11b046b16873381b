package dev.flags.server.auth;

import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * A console user's role, and the API role it stands for: {@code viewer} reads, {@code editor} writes,
 * {@code admin} also manages tokens.
 */
public enum ConsoleRole {
    VIEWER(Role.READ), EDITOR(Role.WRITE), ADMIN(Role.ADMIN);

    private final Role apiRole;

    ConsoleRole(Role apiRole) {
        this.apiRole = apiRole;
    }

    public Role apiRole() {
        return apiRole;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Spring Security authority a signed-in user of this role holds. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The role named ({@code viewer}, {@code editor}, {@code admin}), or null. */
    public static ConsoleRole of(String label) {
        for (ConsoleRole role : values()) {
            if (role.label().equalsIgnoreCase(label == null ? "" : label.trim())) {
                return role;
            }
        }
        return null;
    }

    /** The highest console role a signed-in user holds, or null for none (anonymous, or not a console user). */
    public static ConsoleRole of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return null;
        }
        ConsoleRole highest = null;
        for (GrantedAuthority granted : authentication.getAuthorities()) {
            for (ConsoleRole role : values()) {
                if (role.authority().equals(granted.getAuthority()) && (highest == null || role.compareTo(highest) > 0)) {
                    highest = role;
                }
            }
        }
        return highest;
    }
}
