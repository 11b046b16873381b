/**
 * Spring Boot 4 support for flags: add the dependency, set {@code flags.location} or {@code flags.remote.url},
 * and get an injected {@link dev.flags.FeatureFlags} client, {@link dev.flags.spring.FlagEnabled @FlagEnabled}
 * and {@link dev.flags.spring.ConditionalOnFlag @ConditionalOnFlag}, the request's
 * {@link dev.flags.spring.FlagContextResolver context}, the {@code flags} actuator endpoint and health
 * contributor, and Micrometer metrics. Every bean backs off for one of the application's own.
 */
package dev.flags.spring;
