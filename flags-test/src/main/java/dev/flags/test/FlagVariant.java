package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves this variant of a flag to everyone during each test of the annotated class or method: a local override on
 * the test's own client (reason {@code OVERRIDE}). The flag must have the variant, defined by a {@link FlagDocument};
 * otherwise the test fails with a message listing the variants it has.
 *
 * <pre>{@code
 * @FlagVariant(flag = "button-color", variant = "red")
 * }</pre>
 *
 * <p>Repeatable. A method's annotations beat its class's, a class's beat its superclass's and enclosing class's.
 *
 * @see FlagsExtension
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(FlagVariant.List.class)
@ExtendWith(FlagsExtension.class)
public @interface FlagVariant {

    /** The flag key. */
    String flag();

    /** The name of the variant to serve. */
    String variant();

    /** Holds repeated {@link FlagVariant} annotations. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @ExtendWith(FlagsExtension.class)
    @interface List {
        FlagVariant[] value();
    }
}
