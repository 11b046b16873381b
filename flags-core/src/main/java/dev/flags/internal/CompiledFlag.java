package dev.flags.internal;

import dev.flags.ErrorCode;
import dev.flags.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flag compiled for evaluation: every outcome it can have is built in advance, so evaluating walks
 * arrays and maps and allocates nothing. Immutable.
 */
final class CompiledFlag {

    /** How deep prerequisite chains may go across layered documents, whose cycles no single document shows. */
    static final int MAX_PREREQUISITE_DEPTH = 16;
    private static final Outcome TOO_DEEP = Outcome.failure(null, ErrorCode.GENERAL,
            "prerequisites nest deeper than " + MAX_PREREQUISITE_DEPTH + " flags (a cycle across sources?)", null);

    /** The source named in the evaluations that local overrides decide. */
    static final String OVERRIDES = "overrides";

    final String key;
    /** Equal fingerprints mean equal behaviour: the flag's definition and the segments it uses. */
    final Object fingerprint;
    final Map<String, Variant> variants;
    private final boolean enabled;
    private final Outcome disabled;
    private final Prerequisite[] prerequisites;
    private final Map<String, Outcome> targets;
    private final Rule[] rules;
    private final Serve fallthrough;
    private final Map<String, Outcome> overridden;
    private final Outcome killed;

    record Prerequisite(String flag, String variant, Outcome failed) {
    }

    record Rule(Condition[] when, Serve serve) {
    }

    CompiledFlag(String key, Object fingerprint, Map<String, Variant> variants, boolean enabled, Variant off,
            Prerequisite[] prerequisites, Map<String, Outcome> targets, Rule[] rules, Serve fallthrough,
            String source) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.variants = variants;
        this.enabled = enabled;
        this.disabled = off == null
                ? new Outcome(key, null, Reason.DISABLED, null, null, -1, null, source)
                : Outcome.served(key, off, Reason.DISABLED, -1, null, source);
        this.prerequisites = prerequisites;
        this.targets = targets;
        this.rules = rules;
        this.fallthrough = fallthrough;
        this.overridden = new LinkedHashMap<>();
        variants.forEach((name, variant) ->
                overridden.put(name, Outcome.served(key, variant, Reason.OVERRIDE, -1, null, OVERRIDES)));
        this.killed = off == null
                ? new Outcome(key, null, Reason.OVERRIDE, null, null, -1, "kill", OVERRIDES)
                : Outcome.served(key, off, Reason.OVERRIDE, -1, "kill", OVERRIDES);
    }

    /** A flag no document defines, that an override names: boolean, with variants on and off. */
    static CompiledFlag implied(String key) {
        Map<String, Variant> variants = impliedVariants();
        Serve on = new Serve.Fixed(Outcome.served(key, variants.get("on"), Reason.STATIC, -1, null, OVERRIDES));
        return new CompiledFlag(key, List.of(), variants, true, variants.get("off"), new Prerequisite[0], Map.of(),
                new Rule[0], on, OVERRIDES);
    }

    static Map<String, Variant> impliedVariants() {
        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("on", new Variant("on", Boolean.TRUE));
        variants.put("off", new Variant("off", Boolean.FALSE));
        return variants;
    }

    Outcome evaluate(Attributes context, Scope scope, Snapshot snapshot, int depth) {
        if (!enabled) {
            return disabled;
        }
        if (prerequisites.length != 0) {
            if (depth >= MAX_PREREQUISITE_DEPTH) {
                return TOO_DEEP;
            }
            for (Prerequisite prerequisite : prerequisites) {
                Outcome outcome = snapshot.decide(prerequisite.flag, context, scope, depth + 1);
                if (outcome.variant == null || !outcome.variant.name.equals(prerequisite.variant)) {
                    return prerequisite.failed;
                }
            }
        }
        if (!targets.isEmpty()) {
            Attribute key = context.key();
            if (key != null) {
                Outcome target = targets.get(key.text);
                if (target != null) {
                    return target;
                }
            }
        }
        for (Rule rule : rules) {
            if (matchesAll(rule.when, context, scope)) {
                return rule.serve.select(context, scope);
            }
        }
        return fallthrough.select(context, scope);
    }

    private static boolean matchesAll(Condition[] conditions, Attributes context, Scope scope) {
        for (Condition condition : conditions) {
            if (!condition.matches(context, scope)) {
                return false;
            }
        }
        return true;
    }

    /** The outcome of a local override to this variant, or of a kill when the variant is null. */
    Outcome overridden(String variant) {
        if (variant == null) {
            return killed;
        }
        Outcome outcome = overridden.get(variant);
        return outcome != null ? outcome : Outcome.failure(key, ErrorCode.GENERAL,
                "the override names variant '" + variant + "', which this flag does not have; it has "
                        + variants.keySet(), OVERRIDES);
    }
}
