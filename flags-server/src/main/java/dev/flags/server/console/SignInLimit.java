package dev.flags.server.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a form sign-in the {@link SignInThrottle} does not allow, before its password is checked (so a locked
 * name costs no BCrypt work either), sending the browser back to the sign-in page, which says why.
 */
final class SignInLimit extends OncePerRequestFilter {

    private final SignInThrottle throttle;

    SignInLimit(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod())
                && request.getRequestURI().equals(request.getContextPath() + "/console/login")
                && !throttle.allows(request.getParameter("username"), request.getRemoteAddr())) {
            response.sendRedirect(request.getContextPath() + "/console/login?locked");
            return;
        }
        chain.doFilter(request, response);
    }
}
