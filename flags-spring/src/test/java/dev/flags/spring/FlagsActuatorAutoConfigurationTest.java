package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.InMemoryFlagSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class FlagsActuatorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class,
                    FlagsActuatorAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=flags");

    @Test
    void providesTheEndpointAndTheHealthContributor() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(FlagsEndpoint.class).hasBean("flagsHealthIndicator");
            assertThat(context.getBean("flagsHealthIndicator", HealthIndicator.class).health().getStatus().getCode())
                    .isEqualTo("UP");
        });
    }

    @Test
    void leavesTheEndpointOutWhenItIsNotExposed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class,
                        FlagsActuatorAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsEndpoint.class)
                        .hasBean("flagsHealthIndicator"));
    }

    @Test
    void leavesTheEndpointOutWhenItsAccessIsNone() {
        runner.withPropertyValues("management.endpoint.flags.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(FlagsEndpoint.class));
    }

    @Test
    void leavesTheHealthContributorOutWhenDisabled() {
        runner.withPropertyValues("management.health.flags.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("flagsHealthIndicator")
                        .hasSingleBean(FlagsEndpoint.class));
    }

    @Test
    void backsOffForTheApplicationsEndpointAndHealthContributor() {
        FlagsEndpoint own = new FlagsEndpoint(FeatureFlags.builder()
                .source(FlagSources.inMemory("flags: {}")).build());
        HealthIndicator ownHealth = () -> Health.outOfService().build();
        runner.withBean(FlagsEndpoint.class, () -> own)
                .withBean("flagsHealthIndicator", HealthIndicator.class, () -> ownHealth)
                .run(context -> {
                    assertThat(context.getBean(FlagsEndpoint.class)).isSameAs(own);
                    assertThat(context.getBean("flagsHealthIndicator")).isSameAs(ownHealth);
                });
    }

    @Test
    void needsTheActuatorForTheEndpoint() {
        runner.withClassLoader(new FilteredClassLoader(Endpoint.class))
                .run(context -> assertThat(context).doesNotHaveBean(FlagsEndpoint.class)
                        .hasBean("flagsHealthIndicator"));
    }

    @Test
    void needsSpringBootHealthForTheHealthContributor() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .run(context -> assertThat(context).doesNotHaveBean("flagsHealthIndicator")
                        .hasSingleBean(FlagsEndpoint.class));
    }

    @Test
    void reportsTheConfiguredStatusWhileStale() {
        InMemoryFlagSource source = FlagSources.inMemory("flags: { a: { enabled: true } }");
        runner.withBean(FeatureFlags.class, () -> FeatureFlags.builder().source(source).build())
                .withPropertyValues("flags.health.stale-status=OUT_OF_SERVICE").run(context -> {
                    source.fail("store down");
                    Health health = context.getBean("flagsHealthIndicator", HealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                    assertThat(health.getDetails()).containsEntry("stale", true);
                });
    }
}
