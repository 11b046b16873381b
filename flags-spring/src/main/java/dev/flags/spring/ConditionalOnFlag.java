package dev.flags.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Registers a bean (or a whole configuration class) only when a flag is on at start-up, for an anonymous
 * context; with {@code enabled = false}, only when it is off.
 *
 * <pre>{@code
 * @Bean
 * @ConditionalOnFlag("new-pricing")
 * PricingService newPricing() { ... }
 *
 * @Bean
 * @ConditionalOnFlag(value = "new-pricing", enabled = false)
 * PricingService classicPricing() { ... }
 * }</pre>
 *
 * <p>The flag is read from the documents of the {@code flags.*} properties (local location, remote store,
 * overrides), through the same client the application is then given, so the decision and what the
 * {@code FeatureFlags} bean later says about the same moment agree. The decision is taken once: later changes of
 * the flag do not add or remove beans. An application that defines its own {@code FeatureFlags} bean still gets
 * the decision from the {@code flags.*} properties, since beans do not exist yet when conditions are evaluated.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnFlagCondition.class)
public @interface ConditionalOnFlag {

    /** The flag key. */
    String value();

    /** Whether the bean is wanted when the flag is on (the default) or when it is off. */
    boolean enabled() default true;
}
