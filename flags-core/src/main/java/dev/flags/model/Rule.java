package dev.flags.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rule of a flag: when every condition holds, it serves its block. Rules are tried in order; the first match
 * wins.
 *
 * <pre>{@code
 * Rule.when(Condition.of("country", "in", "NL", "BE")).named("dutch users").serve("on");
 * Rule.when(Condition.inSegment("beta-testers")).rollout(Weight.of("on", 50), Weight.of("off", 50));
 * }</pre>
 *
 * @param name  a name shown in evaluation details, or null
 * @param when  the conditions, all of which must match (validation requires at least one)
 * @param serve what the rule serves
 */
public record Rule(@Nullable String name, List<Condition> when, ServeBlock serve) {

    public Rule {
        when = Values.list(when, "when");
        Objects.requireNonNull(serve, "serve");
    }

    /** The start of a rule matching when all these conditions do. */
    public static Conditions when(Condition... conditions) {
        return new Conditions(null, List.copyOf(Arrays.asList(conditions)));
    }

    /** This rule with another name (null: none). */
    public Rule named(@Nullable String name) {
        return new Rule(name, when, serve);
    }

    /**
     * A rule's conditions, waiting for what it serves.
     *
     * @param name the rule's name, or null
     * @param when its conditions
     */
    public record Conditions(@Nullable String name, List<Condition> when) {

        /** The rule named so. */
        public Conditions named(@Nullable String name) {
            return new Conditions(name, when);
        }

        /** The rule serving {@code variant}. */
        public Rule serve(String variant) {
            return then(ServeBlock.serve(variant));
        }

        /** The rule serving a rollout over these weights. */
        public Rule rollout(Weight... weights) {
            return then(ServeBlock.rollout(weights));
        }

        /** The rule serving this block. */
        public Rule then(ServeBlock serve) {
            return new Rule(name, when, serve);
        }
    }
}
