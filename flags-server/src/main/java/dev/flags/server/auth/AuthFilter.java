package dev.flags.server.auth;

import dev.flags.server.api.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

/**
 * Bearer tokens on every {@code /v1} request, or the console user signed in to the session (its Spring Security
 * filter chain checked the CSRF token of state changes first): no or unknown token is {@code 401}; a role or
 * environment the caller does not have is {@code 403}. Reads and usage reports need {@code read}, {@code /v1/tokens}
 * needs {@code admin}, other writes {@code write}; a promotion also needs the source environment.
 */
@Component
public class AuthFilter extends OncePerRequestFilter {

    private static final Pattern DOT_SEGMENT = Pattern.compile("/\\.\\.?(/|$)");
    /** The fleet's usage reports: a read token, the one every instance already has, may send them. */
    private static final Pattern USAGE = Pattern.compile("/v1/envs/[^/]+/usage");

    private final TokenStore tokens;

    public AuthFilter(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !path(request).startsWith("/v1/") && !path(request).equals("/v1");
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        Caller caller = null;
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && header.length() > 7) {
            caller = tokens.authenticate(header.substring(7).trim());
        } else if (header == null) {
            caller = consoleUser();
        }
        if (caller == null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            Problems.write(response, 401, "Unauthorized", header == null
                    ? "this request needs an Authorization: Bearer token"
                    : "the bearer token is unknown or revoked", request.getRequestURI());
            return;
        }
        // the role is decided on the path decoded as the router decodes it; spellings it might read otherwise go
        String path = UriUtils.decode(path(request), StandardCharsets.UTF_8);
        if (path.contains(";") || path.contains("\\") || DOT_SEGMENT.matcher(path).find()) {
            Problems.write(response, 400, "Bad Request", "the path must not hold dot segments, ';' parameters"
                    + " or backslashes", request.getRequestURI());
            return;
        }
        Role needed = path.startsWith("/v1/tokens") ? Role.ADMIN
                : "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? Role.READ
                : "POST".equals(request.getMethod()) && USAGE.matcher(path).matches() ? Role.READ : Role.WRITE;
        if (!caller.role().implies(needed)) {
            Problems.write(response, 403, "Forbidden", "token '" + caller.name() + "' has the role "
                    + caller.role().label() + "; this request needs " + needed.label(), request.getRequestURI());
            return;
        }
        // the environment in the path is checked by EnvironmentAccess, on the path variable as decoded and matched
        String from = path.endsWith("/promote") ? request.getParameter("from") : null;
        if (from != null && !caller.mayUse(from)) {
            Problems.write(response, 403, "Forbidden", "token '" + caller.name() + "' may not use environment '"
                    + from + "'", request.getRequestURI());
            return;
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    /** The console user of the session, as a caller with all environments; null when there is none. */
    private static Caller consoleUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        ConsoleRole role = ConsoleRole.of(authentication);
        return role == null ? null : new Caller(authentication.getName(), role.apiRole(), null);
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }
}
