package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves {@code on} for this flag to everyone during each test of the annotated class or method: a local override
 * on the test's own client (reason {@code OVERRIDE}). A key no document defines acts as a boolean flag.
 *
 * <p>Repeatable. A method's annotations beat its class's, a class's beat its superclass's and enclosing class's.
 * The same flag set twice at one level is an error, and so is a flag defined without an {@code on} variant.
 *
 * @see FlagsExtension
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(FlagOn.List.class)
@ExtendWith(FlagsExtension.class)
public @interface FlagOn {

    /** The flag key. */
    String value();

    /** Holds repeated {@link FlagOn} annotations. */
    @Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @ExtendWith(FlagsExtension.class)
    @interface List {
        FlagOn[] value();
    }
}
