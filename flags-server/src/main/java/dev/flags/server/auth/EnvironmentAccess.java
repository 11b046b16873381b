package dev.flags.server.auth;

import dev.flags.server.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A token limited to some environments gets {@code 403} elsewhere. Checked on the {@code env} path variable
 * exactly as the controller receives it (decoded and matched), so no spelling of the path reaches another
 * environment than the one checked.
 */
@Configuration(proxyBeanMethods = false)
class EnvironmentAccess implements HandlerInterceptor, WebMvcConfigurer {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/v1/envs/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws Exception {
        Caller caller = (Caller) request.getAttribute(Caller.ATTRIBUTE);
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request
                .getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        String environment = variables == null ? null : variables.get("env");
        if (caller != null && environment != null && !caller.mayUse(environment)) {
            Problems.write(response, 403, "Forbidden", "token '" + caller.name() + "' may not use environment '"
                    + environment + "'", request.getRequestURI());
            return false;
        }
        return true;
    }
}
