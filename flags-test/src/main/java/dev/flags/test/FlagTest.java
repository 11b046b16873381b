package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers the {@link FlagsExtension} on a test class: each test gets its own {@link TestFlags}, injected into
 * parameters and fields of type {@link dev.flags.FeatureFlags} or {@link TestFlags}.
 *
 * <pre>{@code
 * @FlagTest
 * @FlagOn("new-checkout")
 * class CheckoutTest {
 *     @Test
 *     void usesTheNewFlow(FeatureFlags flags) { ... }
 * }
 * }</pre>
 *
 * <p>The same as {@code @ExtendWith(FlagsExtension.class)}. {@link FlagOn}, {@link FlagOff}, {@link FlagVariant},
 * {@link FlagDocument} and {@link VaryFlags} register the extension too, so it may be left out where one of them
 * stands on the class.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(FlagsExtension.class)
public @interface FlagTest {
}
