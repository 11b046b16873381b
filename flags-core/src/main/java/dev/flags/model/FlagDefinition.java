package dev.flags.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One flag as a document defines it, under {@code flags.<key>}. Immutable; changes make new values, the way ops
 * change flags:
 *
 * <pre>{@code
 * FlagDefinition checkout = FlagDefinition.on();                 // a boolean flag serving on to everyone
 * FlagDefinition killed   = checkout.killed();                   // enabled: false, serves off to everyone
 * FlagDefinition quarter  = checkout.withDefaultRollout(25);     // default: rollout {on: 25, off: 75}
 * FlagDefinition color = FlagDefinition.builder()
 *         .variant("red", "#f00").variant("blue", "#00f")
 *         .target("blue", "user-7")
 *         .rule(Rule.when(Condition.of("country", "in", "NL")).serve("blue"))
 *         .defaultServe(ServeBlock.serve("red"))
 *         .build();
 * }</pre>
 *
 * <p>Equal definitions evaluate alike; maps whose order means nothing ({@code variants}, {@code targets}) compare
 * without it, while the order of rules, conditions and rollout weights counts.
 *
 * @param description   a note for people, or null
 * @param enabled       the kill switch: false serves {@code offVariant} to everyone
 * @param variants      the values the flag can serve by name (Boolean, String, Long, Double, or unmodifiable
 *                      List/Map of those), in declaration order; empty for a boolean flag written without them,
 *                      which has {@code on: true} and {@code off: false}
 * @param offVariant    what a killed flag or a failed prerequisite serves, or null: {@code off} for a boolean flag,
 *                      else the caller's default
 * @param salt          what rollouts hash with the context's key, or null for the flag's key
 * @param prerequisites flags that must serve a given variant first
 * @param targets       variant name to the context keys it is served to, checked before the rules
 * @param rules         tried in order, the first match wins
 * @param defaultServe  what is served when no rule matched, or null: {@code on} for a boolean flag, else the
 *                      caller's default
 * @param guard         the release guard that kills the flag when a variant hurts, or null
 */
public record FlagDefinition(@Nullable String description, boolean enabled, Map<String, Object> variants,
        @Nullable String offVariant, @Nullable String salt, List<Prerequisite> prerequisites, Map<String, List<String>> targets, List<Rule> rules,
        @Nullable ServeBlock defaultServe, @Nullable Guard guard) {

    private static final Map<String, Object> IMPLIED_VARIANTS = impliedVariants();

    /** @throws IllegalArgumentException for a variant value that is not a JSON value */
    public FlagDefinition {
        Objects.requireNonNull(variants, "variants");
        Map<String, Object> copy = new LinkedHashMap<>(variants.size() * 2);
        variants.forEach((name, value) -> copy.put(Objects.requireNonNull(name, "variant name"),
                Values.json(value, "variant '" + name + "'")));
        variants = copy.isEmpty() ? Map.of() : Collections.unmodifiableMap(copy);
        prerequisites = Values.list(prerequisites, "prerequisites");
        Map<String, List<String>> targetCopy = new LinkedHashMap<>(Objects.requireNonNull(targets, "targets").size() * 2);
        targets.forEach((variant, keys) ->
                targetCopy.put(Objects.requireNonNull(variant, "target variant"), Values.list(keys, "targets")));
        targets = targetCopy.isEmpty() ? Map.of() : Collections.unmodifiableMap(targetCopy);
        rules = Values.list(rules, "rules");
    }

    /** A boolean flag serving {@code on} to everyone (a document's {@code {}}). */
    public static FlagDefinition on() {
        return builder().build();
    }

    /** A boolean flag serving {@code off} to everyone (but not killed: {@code default: {serve: off}}). */
    public static FlagDefinition off() {
        return builder().defaultServe(ServeBlock.serve("off")).build();
    }

    /** A new builder: an enabled boolean flag with nothing else set. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this definition, to change several parts. */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.description = description;
        builder.enabled = enabled;
        builder.variants.putAll(variants);
        builder.offVariant = offVariant;
        builder.salt = salt;
        builder.prerequisites.addAll(prerequisites);
        targets.forEach((variant, keys) -> builder.targets.put(variant, new ArrayList<>(keys)));
        builder.rules.addAll(rules);
        builder.defaultServe = defaultServe;
        builder.guard = guard;
        return builder;
    }

    /** The variants it can serve: its own, or {@code on}/{@code off} for a boolean flag written without them. */
    public Map<String, Object> effectiveVariants() {
        return variants.isEmpty() ? IMPLIED_VARIANTS : variants;
    }

    /** True when every variant is a boolean (so {@code off} is implied as the off variant). */
    public boolean isBoolean() {
        return effectiveVariants().values().stream().allMatch(Boolean.class::isInstance);
    }

    /** This flag killed: {@code enabled: false}, serving its off variant to everyone. */
    public FlagDefinition killed() {
        return toBuilder().enabled(false).build();
    }

    /** This flag restored: {@code enabled: true}. */
    public FlagDefinition restored() {
        return toBuilder().enabled(true).build();
    }

    /** This flag serving {@code block} when no rule matches (null: the implied default). */
    public FlagDefinition withDefault(@Nullable ServeBlock block) {
        return toBuilder().defaultServe(block).build();
    }

    /** This flag guarded by {@code guard} (null: unguarded). */
    public FlagDefinition withGuard(@Nullable Guard guard) {
        return toBuilder().guard(guard).build();
    }

    /** This flag with another description (null: none). */
    public FlagDefinition withDescription(@Nullable String text) {
        return toBuilder().description(text).build();
    }

    /**
     * This boolean flag with its default serve a rollout of {@code on} to {@code percent} percent of the contexts
     * and {@code off} to the rest; a default rollout's {@code by} and {@code ramp} are kept.
     *
     * @throws IllegalArgumentException when percent is outside 0..100 or has more than three decimals
     * @throws IllegalStateException    when the flag is not a boolean flag with variants {@code on} and {@code off}
     */
    public FlagDefinition withDefaultRollout(double percent) {
        if (!(percent >= 0 && percent <= 100) || BigDecimal.valueOf(percent).stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("a rollout percentage is 0 to 100 with at most three decimals, not "
                    + percent);
        }
        Map<String, Object> served = effectiveVariants();
        if (!isBoolean() || !served.containsKey("on") || !served.containsKey("off")) {
            throw new IllegalStateException("only a boolean flag with variants on and off can be rolled out by "
                    + "percent; this one has " + served.keySet());
        }
        double off = BigDecimal.valueOf(100).subtract(BigDecimal.valueOf(percent)).doubleValue();
        List<Weight> weights = List.of(Weight.of("on", percent), Weight.of("off", off));
        ServeBlock block = defaultServe != null && defaultServe.isRollout() ? defaultServe.withRollout(weights)
                : ServeBlock.rollout(weights);
        return withDefault(block);
    }

    private static Map<String, Object> impliedVariants() {
        Map<String, Object> variants = new LinkedHashMap<>();
        variants.put("on", Boolean.TRUE);
        variants.put("off", Boolean.FALSE);
        return Collections.unmodifiableMap(variants);
    }

    /** Builds a {@link FlagDefinition}; starts as an enabled boolean flag with nothing else set. Not thread-safe. */
    public static final class Builder {

        private @Nullable String description;
        private boolean enabled = true;
        private final Map<String, Object> variants = new LinkedHashMap<>();
        private @Nullable String offVariant;
        private @Nullable String salt;
        private final List<Prerequisite> prerequisites = new ArrayList<>();
        private final Map<String, List<String>> targets = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private @Nullable ServeBlock defaultServe;
        private @Nullable Guard guard;

        private Builder() {
        }

        /** A note for people (null: none). */
        public Builder description(@Nullable String text) {
            this.description = text;
            return this;
        }

        /** The kill switch: false serves the off variant to everyone. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** Adds (or replaces) a variant: a Boolean, String, number, or List/Map of those. */
        public Builder variant(String name, Object value) {
            variants.put(Objects.requireNonNull(name, "name"), Values.json(value, "variant '" + name + "'"));
            return this;
        }

        /** Replaces every variant (empty: a boolean flag's implied on and off). */
        public Builder variants(Map<String, ?> values) {
            variants.clear();
            values.forEach(this::variant);
            return this;
        }

        /** What a killed flag or a failed prerequisite serves (null: implied). */
        public Builder offVariant(@Nullable String variant) {
            this.offVariant = variant;
            return this;
        }

        /** What rollouts hash with the context's key (null: the flag's key). */
        public Builder salt(@Nullable String salt) {
            this.salt = salt;
            return this;
        }

        /** Adds a prerequisite: {@code flag} must serve {@code variant}. */
        public Builder prerequisite(String flag, String variant) {
            prerequisites.add(new Prerequisite(flag, variant));
            return this;
        }

        /** Serves {@code variant} to these context keys, before any rule. */
        public Builder target(String variant, String... keys) {
            targets.computeIfAbsent(Objects.requireNonNull(variant, "variant"), v -> new ArrayList<>())
                    .addAll(Arrays.asList(keys));
            return this;
        }

        /** Adds a rule after the ones added so far. */
        public Builder rule(Rule rule) {
            rules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** Replaces every rule. */
        public Builder rules(List<Rule> rules) {
            this.rules.clear();
            this.rules.addAll(rules);
            return this;
        }

        /** What is served when no rule matches (null: implied). */
        public Builder defaultServe(@Nullable ServeBlock block) {
            this.defaultServe = block;
            return this;
        }

        /** The release guard (null: none). */
        public Builder guard(@Nullable Guard guard) {
            this.guard = guard;
            return this;
        }

        /** The definition as set so far; the builder can go on changing without affecting it. */
        public FlagDefinition build() {
            return new FlagDefinition(description, enabled, variants, offVariant, salt, prerequisites, targets,
                    rules, defaultServe, guard);
        }
    }
}
