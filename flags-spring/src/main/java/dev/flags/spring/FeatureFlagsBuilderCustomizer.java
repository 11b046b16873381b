package dev.flags.spring;

import dev.flags.FeatureFlags;

/**
 * Adds to the auto-configured {@link FeatureFlags} client what properties cannot say (a flags-jdbc store, an
 * observer, a clock, another source) without replacing it, so the {@code flags.*} properties, overrides, actuator,
 * health and metrics all still apply:
 *
 * <pre>{@code
 * @Bean
 * FeatureFlagsBuilderCustomizer flagsFromTheDatabase(DataSource dataSource) {
 *     return builder -> builder.store(JdbcFlagStore.builder(dataSource).build())
 *             .segments(JdbcSegmentMembership.builder(dataSource).build());
 * }
 * }</pre>
 *
 * <p>Every bean of this type is applied, in {@link org.springframework.core.annotation.Order @Order} (or
 * {@link org.springframework.core.Ordered}) order, after the sources of the {@code flags.*} properties are added
 * (so a source added here layers above them) and before the client is built. {@code @ConditionalOnFlag} decisions
 * are taken before any bean exists, so they come from the {@code flags.*} properties alone.
 */
@FunctionalInterface
public interface FeatureFlagsBuilderCustomizer {

    /** Changes the builder of the auto-configured client. */
    void customize(FeatureFlags.Builder builder);
}
