package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FlagsMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class, MetricsAutoConfiguration.class,
                    FlagsMetricsAutoConfiguration.class));

    @Test
    void countsEvaluationsInTheApplicationsRegistry() {
        runner.withBean(SimpleMeterRegistry.class).run(context -> {
            assertThat(context).hasSingleBean(FlagsMetrics.class);
            context.getBean(FeatureFlags.class).isEnabled("new-checkout", FlagContext.anonymous());
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("flags.evaluations").tag("flag", "new-checkout").counter().count())
                    .isEqualTo(1);
            assertThat(registry.get("flags.state").tag("state", "READY").gauge().value()).isEqualTo(1);
        });
    }

    @Test
    void needsAMeterRegistry() {
        runner.run(context -> assertThat(context).doesNotHaveBean(FlagsMetrics.class));
    }

    @Test
    void needsMicrometer() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class,
                        FlagsMetricsAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FlagsMetrics.class));
    }

    @Test
    void backsOffForTheApplicationsMetrics() {
        runner.withBean(SimpleMeterRegistry.class)
                .withBean("ownMetrics", FlagsMetrics.class, () -> new FlagsMetrics(
                        FeatureFlags.builder().source(FlagSources.inMemory("flags: {}")).build()))
                .run(context -> assertThat(context).hasSingleBean(FlagsMetrics.class).hasBean("ownMetrics"));
    }
}
