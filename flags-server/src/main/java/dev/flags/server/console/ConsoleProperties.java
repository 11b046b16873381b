package dev.flags.server.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The console's sign-in: users of the configuration ({@code flags.server.console.users.<name>.password-hash} and
 * {@code .role}), the roles of people who sign in through an OpenID Connect provider ({@code .oidc}), and the limit
 * on failed sign-ins ({@code .sign-in}). Neither users nor an OAuth2 client registration: the console is off.
 *
 * @param users by name, which is also the actor of the revisions the user writes
 * @param oidc the roles of people signed in through OpenID Connect
 * @param signIn the limit on failed form sign-ins
 */
@ConfigurationProperties("flags.server.console")
public record ConsoleProperties(@DefaultValue Map<String, User> users, @DefaultValue Oidc oidc,
        @DefaultValue SignIn signIn) {

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

    /**
     * The console role of a person signed in through OpenID Connect: the highest that either their user name
     * (the registration's {@code user-name-attribute}) or a value of {@code rolesClaim} grants; none: refused.
     *
     * @param rolesClaim the claim (of the ID token or user info) holding the person's groups: a string or a list
     * @param roles by role ({@code viewer}, {@code editor}, {@code admin}), the claim values that grant it
     * @param users by user name, the role granted
     */
    public record Oidc(@DefaultValue("groups") String rolesClaim, @DefaultValue Map<String, List<String>> roles,
            @DefaultValue Map<String, String> users) {}

    /**
     * The limit on failed form sign-ins.
     *
     * @param maxFailures failures for one name, each within {@code lockout} of the one before, that lock it
     * @param maxFailuresPerAddress the same for one client address
     * @param lockout how long after its last failure a locked name or address stays locked
     */
    public record SignIn(@DefaultValue("5") int maxFailures, @DefaultValue("20") int maxFailuresPerAddress,
            @DefaultValue("15m") Duration lockout) {}
}
