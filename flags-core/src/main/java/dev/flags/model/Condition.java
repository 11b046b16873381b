package dev.flags.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One test of a context: {@code {attribute, op, values, negate, ignoreCase}}. The operators and what each
 * expects are listed in the flags-core README; the model holds any, and validation names those it does not know.
 *
 * <pre>{@code
 * Condition.of("country", "in", "NL", "BE");
 * Condition.of("email", "endsWith", "@example.com").ignoringCase();
 * Condition.inSegment("beta-testers").negated();
 * }</pre>
 *
 * @param attribute  the context attribute tested ({@code key} is the targeting key), or null for the operators
 *                   that take none ({@code inSegment}; {@code before}/{@code after} testing the evaluation time)
 * @param op         the operator
 * @param values     what it compares with: Strings, Longs, Doubles or Booleans; empty for {@code exists}
 * @param negate     true to match when the test does not
 * @param ignoreCase true to compare text case-insensitively (text operators only)
 */
public record Condition(@Nullable String attribute, String op, List<Object> values, boolean negate, boolean ignoreCase) {

    /** @throws IllegalArgumentException for a value that is not a string, number or boolean */
    public Condition {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(values, "values");
        List<Object> copy = new ArrayList<>(values.size());
        for (Object value : values) {
            copy.add(Values.scalar(value, "a condition's value"));
        }
        values = List.copyOf(copy);
    }

    /** The context's {@code attribute} tested with {@code op} against {@code values}. */
    public static Condition of(String attribute, String op, Object... values) {
        return new Condition(Objects.requireNonNull(attribute, "attribute"), op, Arrays.asList(values), false, false);
    }

    /** The context is in one of these segments. */
    public static Condition inSegment(String... segments) {
        return new Condition(null, "inSegment", Arrays.asList((Object[]) segments), false, false);
    }

    /** The context has the attribute. */
    public static Condition exists(String attribute) {
        return new Condition(Objects.requireNonNull(attribute, "attribute"), "exists", List.of(), false, false);
    }

    /** This condition, matching where it did not. */
    public Condition negated() {
        return new Condition(attribute, op, values, !negate, ignoreCase);
    }

    /** This condition comparing text case-insensitively. */
    public Condition ignoringCase() {
        return new Condition(attribute, op, values, negate, true);
    }
}
