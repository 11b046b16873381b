package dev.flags.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.server.auth.ConsoleRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OidcRolesTest {

    private final OidcRoles roles = new OidcRoles(new ConsoleProperties.Oidc("groups",
            Map.of("viewer", List.of("engineering"), "editor", List.of("flags-editors", "sre")),
            Map.of("ada@example.com", "admin", "ed@example.com", "viewer")));

    @Test
    void theHighestRoleOfTheNameAndTheClaimValuesWins() {
        assertThat(roles.roleOf("dana", List.of("engineering", "sre"))).isEqualTo(ConsoleRole.EDITOR);
        assertThat(roles.roleOf("dana", "engineering")).as("a claim holding one string").isEqualTo(ConsoleRole.VIEWER);
        assertThat(roles.roleOf("ada@example.com", List.of("engineering"))).isEqualTo(ConsoleRole.ADMIN);
        assertThat(roles.roleOf("ed@example.com", List.of("sre"))).isEqualTo(ConsoleRole.EDITOR);
    }

    @Test
    void someoneGrantedNothingHasNoRole() {
        assertThat(roles.roleOf("dana", null)).isNull();
        assertThat(roles.roleOf("dana", List.of("marketing"))).isNull();
        assertThat(roles.roleOf("dana", 42)).isNull();
    }

    @Test
    void anUnknownRoleStopsTheStartNamingTheProperty() {
        assertThatThrownBy(() -> new OidcRoles(
                new ConsoleProperties.Oidc("groups", Map.of("root", List.of("x")), Map.of())))
                .hasMessage("flags.server.console.oidc.roles.root must name viewer, editor or admin");
        assertThatThrownBy(() -> new OidcRoles(new ConsoleProperties.Oidc("groups", Map.of(), Map.of("eve", "owner"))))
                .hasMessage("flags.server.console.oidc.users.eve must name viewer, editor or admin");
    }
}
