package dev.flags.spring;

import dev.flags.FeatureFlags;
import dev.flags.spring.internal.FlagsSecrets;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the {@code flags} actuator endpoint ({@link FlagsEndpoint}; when the actuator is present and
 * the endpoint available, with {@link FlagsEndpointWebExtension} for its HTTP answers), a sanitizing function that
 * keeps {@code flags.remote.token} and {@code flags.remote.headers.*} masked in the {@code env} and
 * {@code configprops} endpoints whatever their {@code show-values}, and the {@code flags} health contributor ({@link FlagsHealthIndicator}; when Spring Boot
 * health is present and {@code management.health.flags.enabled} is not false).
 */
@AutoConfiguration(after = FlagsAutoConfiguration.class,
        beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(FeatureFlags.class)
public final class FlagsActuatorAutoConfiguration {

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(Endpoint.class)
    @ConditionalOnAvailableEndpoint(FlagsEndpoint.class)
    @ConditionalOnBean(FeatureFlags.class)
    static class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagsEndpoint flagsEndpoint(FeatureFlags flags) {
            return new FlagsEndpoint(flags);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnBean(FlagsEndpoint.class)
        @ConditionalOnClass(WebEndpointResponse.class)
        FlagsEndpointWebExtension flagsEndpointWebExtension(FlagsEndpoint endpoint) {
            return new FlagsEndpointWebExtension(endpoint);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(SanitizingFunction.class)
    static class SanitizingConfiguration {

        /** {@code flags.remote.token} and {@code flags.remote.headers.*} stay masked in env and configprops. */
        @Bean
        @ConditionalOnMissingBean(FlagsSecrets.class)
        FlagsSecrets flagsSecrets() {
            return new FlagsSecrets();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    @ConditionalOnEnabledHealthIndicator("flags")
    @ConditionalOnBean(FeatureFlags.class)
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "flagsHealthIndicator")
        FlagsHealthIndicator flagsHealthIndicator(FeatureFlags flags, FlagsProperties properties) {
            return new FlagsHealthIndicator(flags, properties.health().staleStatus());
        }
    }
}
