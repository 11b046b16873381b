package dev.flags.spring.internal;

import dev.flags.FeatureFlags;
import dev.flags.Subscription;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Tracks {@code error} for a request that evaluated a guarded flag and ended in a 5xx, or in an exception the server
 * answers with a 500 ({@code flags.guards.track-server-errors}); see {@link ErrorTracking}. It runs ahead of the
 * security filters, so that every evaluation of the request happens inside it. While it exists, its
 * {@link ErrorTracking} observes the client's evaluations.
 *
 * <p>A request that goes asynchronous is not tracked: its status is known on another thread.
 */
public final class ServerErrorTrackingFilter extends OncePerRequestFilter implements Ordered {

    /** Early, as Spring Boot's own request filters: before Spring Security's ({@code -100}). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

    private final ErrorTracking tracking;
    private final Subscription observing;

    public ServerErrorTrackingFilter(FeatureFlags flags, ErrorTracking tracking) {
        this.tracking = Objects.requireNonNull(tracking, "tracking");
        this.observing = flags.observe(tracking);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ErrorTracking.Request tracked = tracking.open();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = response.getStatus() >= 500 && !request.isAsyncStarted();
        } finally {
            tracking.close(tracked, failed);
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void destroy() {
        observing.close();
    }
}
