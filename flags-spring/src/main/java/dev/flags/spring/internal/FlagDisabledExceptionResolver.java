package dev.flags.spring.internal;

import dev.flags.spring.FlagDisabledException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link FlagDisabledException} with the configured status (404 by default), through the servlet
 * container's error handling, so Spring Boot's error page or JSON applies. It runs after the application's own
 * {@code @ExceptionHandler}s, which win.
 */
public final class FlagDisabledExceptionResolver implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(FlagDisabledExceptionResolver.class);

    private final int status;

    public FlagDisabledExceptionResolver(int status) {
        this.status = status;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception exception) {
        if (!(exception instanceof FlagDisabledException disabled)) {
            return null;
        }
        try {
            log.debug("{} {}: {}; answering {}", request.getMethod(), request.getRequestURI(), disabled.getMessage(),
                    status);
            response.sendError(status);
            return new ModelAndView();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
