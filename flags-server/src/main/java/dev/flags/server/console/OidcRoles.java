package dev.flags.server.console;

import dev.flags.server.auth.ConsoleRole;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The console role of a person the OpenID Connect provider signed in: the highest that their user name or a value
 * of the roles claim is granted in {@link ConsoleProperties.Oidc}. Someone granted none is refused sign-in
 * ({@link #NO_ROLE}); the provider's own authorities are dropped, so only a console role reaches the API.
 */
final class OidcRoles implements OAuth2UserService<OidcUserRequest, OidcUser> {

    /** The error code of a sign-in refused for want of a console role. */
    static final String NO_ROLE = "flags_console_no_role";

    private final OAuth2UserService<OidcUserRequest, OidcUser> provider = new OidcUserService();
    private final String rolesClaim;
    private final Map<String, ConsoleRole> byClaimValue = new HashMap<>();
    private final Map<String, ConsoleRole> byName = new HashMap<>();

    OidcRoles(ConsoleProperties.Oidc settings) {
        this.rolesClaim = settings.rolesClaim();
        settings.roles().forEach((label, values) -> {
            ConsoleRole role = role(label, "flags.server.console.oidc.roles." + label);
            values.forEach(value -> byClaimValue.merge(value.trim(), role, OidcRoles::higher));
        });
        settings.users().forEach((name, label) ->
                byName.put(name, role(label, "flags.server.console.oidc.users." + name)));
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser user;
        try {
            user = provider.loadUser(request);
        } catch (IllegalArgumentException missingName) {
            throw new OAuth2AuthenticationException(new OAuth2Error("invalid_user_info",
                    "the provider's answer lacks the user-name-attribute claim", null), missingName);
        }
        ConsoleRole role = roleOf(user.getName(), user.getClaims().get(rolesClaim));
        if (role == null) {
            throw new OAuth2AuthenticationException(new OAuth2Error(NO_ROLE,
                    "signed in at the provider, but granted no console role", null));
        }
        String nameClaim = request.getClientRegistration().getProviderDetails().getUserInfoEndpoint()
                .getUserNameAttributeName();
        return new DefaultOidcUser(List.of(new SimpleGrantedAuthority(role.authority())), user.getIdToken(),
                user.getUserInfo(), nameClaim == null || nameClaim.isBlank() ? "sub" : nameClaim);
    }

    /** The highest role the name or a claim value is granted, or null. */
    ConsoleRole roleOf(String name, Object claim) {
        ConsoleRole role = byName.get(name);
        if (claim instanceof String value) {
            role = higher(role, byClaimValue.get(value));
        } else if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                role = higher(role, value == null ? null : byClaimValue.get(value.toString()));
            }
        }
        return role;
    }

    private static ConsoleRole higher(ConsoleRole a, ConsoleRole b) {
        return a == null ? b : b == null || a.compareTo(b) >= 0 ? a : b;
    }

    private static ConsoleRole role(String label, String property) {
        ConsoleRole role = ConsoleRole.of(label);
        if (role == null) {
            throw new IllegalStateException(property + " must name viewer, editor or admin");
        }
        return role;
    }
}
