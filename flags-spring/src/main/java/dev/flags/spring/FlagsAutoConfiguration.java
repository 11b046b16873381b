package dev.flags.spring;

import dev.flags.FeatureFlags;
import dev.flags.spring.internal.DefaultFlagContextResolver;
import dev.flags.spring.internal.ErrorTracking;
import dev.flags.spring.internal.FlagDisabledExceptionResolver;
import dev.flags.spring.internal.FlagGuardPostProcessor;
import dev.flags.spring.internal.FlagsClients;
import dev.flags.spring.internal.ServerErrorTrackingFilter;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.io.ResourceLoader;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Auto-configures a {@link FeatureFlags} client from the {@code flags.*} properties ({@link FlagsProperties}),
 * the default {@link FlagContextResolver}, {@link FlagEnabled @FlagEnabled} proxies, the tracking of
 * {@code error} for release guards ({@code flags.guards.*}) and, in a Spring MVC application, the answer to
 * {@link FlagDisabledException}. Each bean backs off when the application defines one of the same type.
 */
@AutoConfiguration
@ConditionalOnClass(FeatureFlags.class)
@EnableConfigurationProperties(FlagsProperties.class)
public final class FlagsAutoConfiguration {

    /**
     * The client, with every {@link FeatureFlagsBuilderCustomizer} applied in order. Start-up waits at most
     * {@code flags.startup-wait} for a remote store, then goes on; the client never fails because a store is down.
     * Closed with the application context.
     */
    @Bean
    @ConditionalOnMissingBean
    FeatureFlags featureFlags(FlagsProperties properties, BeanFactory beanFactory,
            ObjectProvider<FeatureFlagsBuilderCustomizer> customizers) {
        return FlagsClients.forBean(beanFactory, properties, customizers.orderedStream().toList());
    }

    @Bean
    @ConditionalOnMissingBean
    FlagContextResolver flagContextResolver(FlagsProperties properties, ResourceLoader resourceLoader) {
        return new DefaultFlagContextResolver(properties.context(), resourceLoader.getClassLoader());
    }

    /** Tracks {@code error} for the flags' release guards: failed {@code @FlagEnabled} methods, failed requests. */
    @Bean
    @ConditionalOnMissingBean
    ErrorTracking flagsErrorTracking(FeatureFlags flags, FlagsProperties properties) {
        return new ErrorTracking(flags, properties.guards());
    }

    @Bean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    @ConditionalOnMissingBean
    static FlagGuardPostProcessor flagGuardPostProcessor() {
        return new FlagGuardPostProcessor();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(HandlerExceptionResolver.class)
    static class WebMvcConfiguration {

        @Bean
        @ConditionalOnMissingBean
        FlagDisabledExceptionResolver flagDisabledExceptionResolver(FlagsProperties properties) {
            return new FlagDisabledExceptionResolver(properties.web().disabledStatus());
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(OncePerRequestFilter.class)
    @ConditionalOnBooleanProperty(name = "flags.guards.track-server-errors", matchIfMissing = true)
    static class ServerErrorConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ServerErrorTrackingFilter flagsServerErrorTrackingFilter(FeatureFlags flags, ErrorTracking tracking) {
            return new ServerErrorTrackingFilter(flags, tracking);
        }
    }
}
