package dev.flags.spring;

import dev.flags.FeatureFlags;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configures {@link FlagsMetrics} when Micrometer is present and the application has a
 * {@link MeterRegistry}; Spring Boot binds it to the registry once every bean exists.
 */
@AutoConfiguration(after = FlagsAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({FeatureFlags.class, MeterRegistry.class})
@ConditionalOnBean({FeatureFlags.class, MeterRegistry.class})
public final class FlagsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    FlagsMetrics flagsMetrics(FeatureFlags flags) {
        return new FlagsMetrics(flags);
    }
}
