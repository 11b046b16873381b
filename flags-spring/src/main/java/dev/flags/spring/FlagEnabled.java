package dev.flags.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method only while a flag is on for the current {@link FlagContextResolver context};
 * otherwise calls the {@link #fallback()} method, or throws {@link FlagDisabledException} (which Spring MVC
 * answers with {@code 404 Not Found}, see {@code flags.web.disabled-status}).
 *
 * <pre>{@code
 * @RestController
 * class CheckoutController {
 *     @FlagEnabled(value = "new-checkout", fallback = "classicCheckout")
 *     @GetMapping("/checkout")
 *     String checkout(@RequestParam String cart) { ... }
 *
 *     String classicCheckout(String cart) { ... }   // same parameters, a compatible return type
 * }
 * }</pre>
 *
 * <p>On a class, every public method of the class is guarded (a method's own annotation wins); the fallback
 * is then looked up per method, by the given name and that method's parameter types.
 *
 * <p>Works on any Spring bean, controllers and beans that other aspects already proxy (transactions, caching)
 * included: the check runs first, before the other advice. Calls from inside the bean to itself bypass the
 * proxy, as with every Spring proxy. A fallback that does not exist, or whose return type does not fit, fails
 * the application at start-up, naming the bean, the method and the fallback. The flag is read with
 * {@link dev.flags.FeatureFlags#isEnabled}: a missing or broken flag counts as off.
 *
 * <p>An exception from the method or its fallback is tracked as the event {@code error} for the context the flag
 * was evaluated with ({@link dev.flags.FeatureFlags#track}, for the flag's release guard), then rethrown unchanged;
 * {@code flags.guards.track-method-errors=false} turns that off.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface FlagEnabled {

    /** The flag key. */
    String value();

    /**
     * The name of a method of the same bean with the same parameter types, called instead while the flag is
     * off; its result is returned to the caller. Empty (the default): throw {@link FlagDisabledException}.
     */
    String fallback() default "";
}
