package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method once for every combination of these boolean flags, on and off: two flags give four
 * invocations, named {@code [a=on, b=on]}, {@code [a=on, b=off]}, {@code [a=off, b=on]} and
 * {@code [a=off, b=off]}. Use it instead of {@code @Test}.
 *
 * <pre>{@code
 * @VaryFlags({"new-checkout", "one-click"})
 * void totalIsTheSameWhateverTheFlags(FeatureFlags flags) { ... }
 * }</pre>
 *
 * <p>Each invocation has its own client, with the combination set as local overrides over everything else the
 * test declares. At most 10 flags; a flag may not also be set by
 * {@link FlagOn}, {@link FlagOff} or {@link FlagVariant} on the same method, and must be boolean (a key no
 * document defines is).
 *
 * @see FlagsExtension
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(FlagsExtension.class)
public @interface VaryFlags {

    /** The flag keys to vary, in the order the display names list them. */
    String[] value();
}
