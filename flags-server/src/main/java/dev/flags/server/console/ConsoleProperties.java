package dev.flags.server.console;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's users ({@code flags.server.console.users.<name>.password-hash} and {@code .role}); none: the console
 * is off.
 *
 * @param users by name, which is also the actor of the revisions the user writes
 */
@ConfigurationProperties("flags.server.console")
public record ConsoleProperties(@DefaultValue Map<String, User> users) {

    /**
     * One console user.
     *
     * @param passwordHash a BCrypt hash ({@code $2a$}, {@code $2b$} or {@code $2y$})
     * @param role {@code viewer}, {@code editor} or {@code admin}
     */
    public record User(String passwordHash, String role) {
        @Override
        public String toString() {
            return "User[role=" + role + "]";
        }
    }
}
