package dev.flags.server.api;

import dev.flags.server.auth.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * One key=value line per {@code /v1} request: writes at INFO, reads and usage reports at DEBUG (a fleet polls).
 * Method, path, status, the token's name and the time taken; never a header, a query or a body, so never a secret.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestLog extends OncePerRequestFilter {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
                    || request.getRequestURI().endsWith("/usage"); // every instance reports every few seconds
            if (read ? LOG.isDebugEnabled() : LOG.isInfoEnabled()) {
                Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
                String line = "method={} path={} status={} actor={} ms={}";
                Object[] values = {request.getMethod(), request.getRequestURI(), response.getStatus(),
                        caller == null ? "-" : caller.name(), (System.nanoTime() - start) / 1_000_000};
                if (read) {
                    LOG.debug(line, values);
                } else {
                    LOG.info(line, values);
                }
            }
        }
    }
}
