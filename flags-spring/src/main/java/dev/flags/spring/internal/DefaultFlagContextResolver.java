package dev.flags.spring.internal;

import dev.flags.FlagContext;
import dev.flags.spring.FlagContextResolver;
import dev.flags.spring.FlagsProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The auto-configured {@link FlagContextResolver}: the logged-in principal's name (Spring Security), else a
 * request header, as the targeting key; attributes from headers and request attributes as configured. Spring
 * Security and the servlet API are optional: the nested classes that use them load only when they are present.
 */
public final class DefaultFlagContextResolver implements FlagContextResolver {

    private final String header;
    private final boolean usePrincipal;
    private final boolean servlet;
    private final Map<String, String> headerAttributes;
    private final Map<String, String> requestAttributes;

    /**
     * @param properties  the {@code flags.context.*} properties
     * @param classLoader the application's class loader, which tells whether Spring Security and the servlet API
     *                    are there
     */
    public DefaultFlagContextResolver(FlagsProperties.Context properties, ClassLoader classLoader) {
        this.header = blankToNull(properties.header());
        this.usePrincipal = properties.principal() && ClassUtils.isPresent(
                "org.springframework.security.core.context.SecurityContextHolder", classLoader);
        this.servlet = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest", classLoader)
                && ClassUtils.isPresent("org.springframework.web.context.request.RequestContextHolder", classLoader);
        this.headerAttributes = properties.headerAttributes();
        this.requestAttributes = properties.requestAttributes();
    }

    @Override
    public FlagContext currentContext() {
        String principal = usePrincipal ? Principals.currentName() : null;
        FlagContext fromRequest = servlet ? Requests.context(principal, this) : null;
        if (fromRequest != null) {
            return fromRequest;
        }
        return principal == null ? FlagContext.anonymous() : FlagContext.of(principal);
    }

    @Override
    public String toString() {
        return "DefaultFlagContextResolver[principal=" + usePrincipal + ", header=" + header + ", headerAttributes="
                + headerAttributes + ", requestAttributes=" + requestAttributes + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Spring Security, loaded only when present. */
    private static final class Principals {
        static String currentName() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || !authentication.isAuthenticated()
                    || authentication instanceof AnonymousAuthenticationToken) {
                return null;
            }
            return blankToNull(authentication.getName());
        }
    }

    /** The servlet API, loaded only when present. */
    private static final class Requests {

        /** The context of the current request, or null outside a request. */
        static FlagContext context(String principal, DefaultFlagContextResolver settings) {
            RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
            if (!(attributes instanceof ServletRequestAttributes servletAttributes)) {
                return null;
            }
            HttpServletRequest request = servletAttributes.getRequest();
            String key = principal;
            if (key == null && settings.header != null) {
                key = blankToNull(request.getHeader(settings.header));
            }
            if (settings.headerAttributes.isEmpty() && settings.requestAttributes.isEmpty()) {
                return key == null ? FlagContext.anonymous() : FlagContext.of(key);
            }
            FlagContext.Builder context = FlagContext.builder(key);
            settings.headerAttributes.forEach((attribute, name) ->
                    context.set(attribute, blankToNull(request.getHeader(name))));
            settings.requestAttributes.forEach((attribute, name) -> set(context, attribute, request.getAttribute(name)));
            return context.build();
        }

        /** Sets a value FlagContext accepts as it is, and any other as its text. */
        private static void set(FlagContext.Builder context, String attribute, Object value) {
            try {
                context.setValue(attribute, value);
            } catch (IllegalArgumentException e) {
                context.set(attribute, value.toString());
            }
        }
    }
}
