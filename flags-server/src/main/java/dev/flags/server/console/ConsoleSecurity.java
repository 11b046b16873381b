package dev.flags.server.console;

import dev.flags.server.api.Problems;
import dev.flags.server.auth.ConsoleRole;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Two filter chains. Bearer-token callers of {@code /v1} (and cookieless ones, which get the API's {@code 401}) pass
 * a stateless chain without CSRF; the {@code /v1} filter checks their token. Everything else passes the console's
 * chain: form login against the configured users (with a limit on failures), OpenID Connect login when a Spring
 * Boot OAuth2 client registration is configured, a session, CSRF on every state change ({@code /v1} calls of a
 * session included, which the {@code /v1} filter then checks against the user's role), and strict headers. With
 * neither users nor a registration the console refuses every page and the API takes tokens only.
 */
@Configuration
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleSecurity {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurity.class);
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}$");

    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** The users of the configuration, checked at start: a bad role or hash stops the server with the user's name. */
    @Bean
    UserDetailsService consoleUsers(ConsoleProperties properties) {
        List<UserDetails> users = new ArrayList<>();
        for (Map.Entry<String, ConsoleProperties.User> entry : properties.users().entrySet()) {
            String name = entry.getKey();
            ConsoleProperties.User user = entry.getValue();
            ConsoleRole role = ConsoleRole.of(user.role());
            if (role == null) {
                throw new IllegalStateException("flags.server.console.users." + name
                        + ".role must be viewer, editor or admin");
            }
            if (user.passwordHash() == null || !BCRYPT.matcher(user.passwordHash()).matches()) {
                throw new IllegalStateException("flags.server.console.users." + name
                        + ".password-hash must be a BCrypt hash");
            }
            users.add(User.withUsername(name).password(user.passwordHash())
                    .authorities(role.authority()).build());
        }
        LOG.info("Console sign-in: {} configured user(s)", users.size());
        return new InMemoryUserDetailsManager(users);
    }

    @Bean
    PasswordEncoder consolePasswords() {
        return new BCryptPasswordEncoder();
    }

    /** Paths Spring Security's firewall refuses (such as {@code ;} parameters) get the API's problem, not a bare 400. */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> Problems.write(response, 400, "Bad Request",
                "the path must not hold dot segments, ';' parameters, backslashes or encoded separators",
                request.getRequestURI());
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiTokens(HttpSecurity http, ConsoleProperties properties,
            ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
        boolean consoleOn = !properties.users().isEmpty() || registrations.getIfAvailable() != null;
        if (consoleOn) {
            LOG.info("Console on at /console/");
        } else {
            LOG.info("Console off: no flags.server.console.users and no OAuth2 client registration configured;"
                    + " the /v1 API takes bearer tokens only");
        }
        RequestMatcher tokenCallers = request -> {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            return (path.equals("/v1") || path.startsWith("/v1/"))
                    && (!consoleOn || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                            || request.getRequestedSessionId() == null);
        };
        return http.securityMatcher(tokenCallers)
                .authorizeHttpRequests(authorize -> authorize.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .headers(headers -> headers.cacheControl(cache -> cache.disable()))
                .build();
    }

    @Bean
    SignInThrottle signInThrottle(Clock clock, ConsoleProperties properties) {
        return new SignInThrottle(clock, properties.signIn());
    }

    @Bean
    @Order(2)
    SecurityFilterChain console(HttpSecurity http, ConsoleProperties properties, SignInThrottle throttle,
            ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
        boolean formUsers = !properties.users().isEmpty();
        boolean oidc = registrations.getIfAvailable() != null;
        boolean consoleOn = formUsers || oidc;
        http.authorizeHttpRequests(authorize -> {
            authorize.requestMatchers("/actuator/**", "/error").permitAll();
            // the /v1 filter decides, on the session's user and the route, after this chain checked the CSRF token
            authorize.requestMatchers("/v1/**").permitAll();
            if (consoleOn) {
                authorize.requestMatchers("/console/login", "/console/console.css").permitAll();
                authorize.anyRequest().hasAnyAuthority(ConsoleRole.VIEWER.authority(),
                        ConsoleRole.EDITOR.authority(), ConsoleRole.ADMIN.authority());
            } else {
                authorize.anyRequest().denyAll();
            }
        });
        // Sign-in always lands on /console/, so a request made before it need not be kept; keeping it made every
        // signed-out request (the browser's own favicon fetch among them) start a session, whose cookie could
        // replace the one the sign-in page's CSRF token belongs to.
        http.requestCache(cache -> cache.disable());
        if (formUsers) {
            SimpleUrlAuthenticationSuccessHandler toConsole = new SimpleUrlAuthenticationSuccessHandler("/console/");
            toConsole.setAlwaysUseDefaultTargetUrl(true);
            http.formLogin(form -> form.loginPage("/console/login")
                    .successHandler((request, response, authentication) -> {
                        throttle.succeeded(authentication.getName());
                        toConsole.onAuthenticationSuccess(request, response, authentication);
                    })
                    .failureHandler((request, response, failure) -> {
                        String name = request.getParameter("username");
                        throttle.failed(name, request.getRemoteAddr());
                        response.sendRedirect(request.getContextPath() + "/console/login?"
                                + (throttle.allows(name, request.getRemoteAddr()) ? "error" : "locked"));
                    }));
            http.addFilterBefore(new SignInLimit(throttle), UsernamePasswordAuthenticationFilter.class);
        }
        if (oidc) {
            OidcRoles roles = new OidcRoles(properties.oidc());
            http.oauth2Login(login -> login.loginPage("/console/login")
                    .userInfoEndpoint(userInfo -> userInfo.oidcUserService(roles))
                    .defaultSuccessUrl("/console/", true)
                    .failureHandler((request, response, failure) -> {
                        boolean noRole = failure instanceof OAuth2AuthenticationException refused
                                && OidcRoles.NO_ROLE.equals(refused.getError().getErrorCode());
                        LOG.warn("Console sign-in through the OpenID Connect provider refused: {}",
                                failure.getMessage());
                        response.sendRedirect(request.getContextPath() + "/console/login?"
                                + (noRole ? "no-role" : "provider-error"));
                    }));
        }
        if (consoleOn) {
            http.logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?out"));
        }
        http.exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, denied) ->
                Problems.write(response, 403, "Forbidden", "refused: a state change needs the session's CSRF token"
                        + " and a role that allows it", request.getRequestURI())));
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                .frameOptions(frame -> frame.deny())
                .referrerPolicy(referrer -> referrer.policy(
                        org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy
                                .SAME_ORIGIN)));
        return http.build();
    }
}
