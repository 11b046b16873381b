package dev.flags.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A flag document, YAML or JSON, that defines the flags of each test of the annotated class or method: rules,
 * rollouts, segments and variants, evaluated for real. {@link FlagOn}, {@link FlagOff}, {@link FlagVariant} and
 * {@link VaryFlags} force values over it, wherever they stand.
 *
 * <pre>{@code
 * @FlagDocument("classpath:flags.yaml")
 * }</pre>
 *
 * <p>Documents found on enclosing classes, superclasses, the class and the method layer in that order, later ones
 * winning per flag key. The document is read and validated for each test; a missing or invalid one fails the test
 * with a message naming the document and every problem in it.
 *
 * @see FlagsExtension
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(FlagsExtension.class)
public @interface FlagDocument {

    /**
     * Where the document is: {@code classpath:flags.yaml} (also without the prefix) or {@code file:path/flags.yaml}
     * (relative to the working directory).
     */
    String value();
}
