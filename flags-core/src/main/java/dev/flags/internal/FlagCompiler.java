package dev.flags.internal;

import dev.flags.ErrorCode;
import dev.flags.Reason;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Compiles one flag's definition, reporting every problem with the flag's key and the field's path. */
final class FlagCompiler {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private static final Set<String> FLAG_FIELDS = Set.of("description", "enabled", "variants", "offVariant", "salt",
            "prerequisites", "targets", "rules", "default");
    private static final Set<String> SERVE_FIELDS = Set.of("serve", "rollout", "by", "ramp");
    private static final Set<String> RULE_FIELDS = Set.of("name", "when", "serve", "rollout", "by", "ramp");
    private static final Set<String> RAMP_FIELDS = Set.of("variant", "from", "to", "start", "end");
    private static final Set<String> PREREQUISITE_FIELDS = Set.of("flag", "variant");

    private final Problems problems;
    private final ConditionCompiler conditions;
    private final String source;

    FlagCompiler(Problems problems, ConditionCompiler conditions, String source) {
        this.problems = problems;
        this.conditions = conditions;
        this.source = source;
    }

    /** The compiled flag, or null when it had problems (which are reported). */
    CompiledFlag compile(String key, JsonNode node, Map<String, JsonNode> segmentNodes) {
        String path = "flags." + key;
        int before = problems.list().size();
        if (!NAME.matcher(key).matches()) {
            problems.add(path, "flag keys are 1 to 200 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (!problems.requireObject(path, node)) {
            return null;
        }
        problems.rejectUnknownFields(path, node, FLAG_FIELDS);
        optionalString(path + ".description", node.get("description"));
        boolean enabled = enabled(path + ".enabled", node.get("enabled"));
        Map<String, Variant> variants = variants(path + ".variants", node.get("variants"));
        boolean isBoolean = variants.values().stream().allMatch(variant -> variant.isBoolean);
        Variant off = offVariant(path + ".offVariant", node.get("offVariant"), variants, isBoolean);
        String salt = node.has("salt") ? optionalString(path + ".salt", node.get("salt")) : key;
        RolloutHash hash = RolloutHash.forSalt(salt == null ? key : salt);

        Scope scope = new Scope(key, variants, hash);
        CompiledFlag.Prerequisite[] prerequisites = prerequisites(path + ".prerequisites", node.get("prerequisites"),
                scope, off);
        Map<String, Outcome> targets = targets(path + ".targets", node.get("targets"), scope);
        conditions.startFlag();
        CompiledFlag.Rule[] rules = rules(path + ".rules", node.get("rules"), scope);
        boolean hasTargeting = rules.length > 0 || !targets.isEmpty();
        Serve fallthrough = fallthrough(path + ".default", node.get("default"), scope, isBoolean, hasTargeting);
        String fingerprint = fingerprint(node, conditions.usedSegments(), segmentNodes);
        if (problems.list().size() > before) {
            return null;
        }
        return new CompiledFlag(key, fingerprint, variants, enabled, off, prerequisites, targets, rules, fallthrough,
                source);
    }

    /** What every serve block of one flag needs to know. */
    private record Scope(String key, Map<String, Variant> variants, RolloutHash hash) {
    }

    private boolean enabled(String path, JsonNode node) {
        if (node == null) {
            return true;
        }
        if (!node.isBoolean()) {
            problems.add(path, "must be true or false (the kill switch), not " + Problems.describe(node));
            return true;
        }
        return node.booleanValue();
    }

    private Map<String, Variant> variants(String path, JsonNode node) {
        if (node == null) {
            return CompiledFlag.impliedVariants();
        }
        Map<String, Variant> variants = new LinkedHashMap<>();
        if (!problems.requireObject(path, node)) {
            return variants;
        }
        if (node.isEmpty()) {
            problems.add(path, "must define at least one variant (or be left out for a boolean flag with on and off)");
        }
        node.forEachEntry((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                problems.add(path + "." + name, "variant names are 1 to 200 letters, digits, '.', '_' or '-'");
            }
            if (value.isNull()) {
                problems.add(path + "." + name, "a variant's value must not be null");
            }
            variants.put(name, new Variant(name, JsonValues.toJava(value)));
        });
        return variants;
    }

    private Variant offVariant(String path, JsonNode node, Map<String, Variant> variants, boolean isBoolean) {
        if (node == null) {
            return isBoolean ? variants.get("off") : null;
        }
        String name = problems.requireString(path, node);
        return name == null ? null : variant(path, name, variants);
    }

    private Variant variant(String path, String name, Map<String, Variant> variants) {
        Variant variant = variants.get(name);
        if (variant == null) {
            problems.add(path, "unknown variant '" + name + "'; the flag has " + variants.keySet());
        }
        return variant;
    }

    private CompiledFlag.Prerequisite[] prerequisites(String path, JsonNode node, Scope scope, Variant off) {
        if (node == null || !problems.requireArray(path, node)) {
            return new CompiledFlag.Prerequisite[0];
        }
        List<CompiledFlag.Prerequisite> list = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : node) {
            String entryPath = path + "[" + index++ + "]";
            if (!problems.requireObject(entryPath, entry)) {
                continue;
            }
            problems.rejectUnknownFields(entryPath, entry, PREREQUISITE_FIELDS);
            String flag = required(entryPath + ".flag", entry.get("flag"));
            String variant = required(entryPath + ".variant", entry.get("variant"));
            if (flag != null && variant != null) {
                Outcome failed = off == null
                        ? new Outcome(scope.key, null, Reason.PREREQUISITE_FAILED, null, null, -1,
                                "prerequisite " + flag, source)
                        : Outcome.served(scope.key, off, Reason.PREREQUISITE_FAILED, -1, "prerequisite " + flag, source);
                list.add(new CompiledFlag.Prerequisite(flag, variant, failed));
            }
        }
        return list.toArray(new CompiledFlag.Prerequisite[0]);
    }

    private Map<String, Outcome> targets(String path, JsonNode node, Scope scope) {
        if (node == null || !problems.requireObject(path, node)) {
            return Map.of();
        }
        Map<String, Outcome> targets = new HashMap<>();
        Map<String, String> variantOfKey = new HashMap<>();
        node.forEachEntry((name, keys) -> {
            String variantPath = path + "." + name;
            Variant variant = variant(variantPath, name, scope.variants);
            if (variant == null || !problems.requireArray(variantPath, keys)) {
                return;
            }
            Outcome outcome = Outcome.served(scope.key, variant, Reason.TARGETING_MATCH, -1, "targets", source);
            int index = 0;
            for (JsonNode keyNode : keys) {
                String target = problems.requireString(variantPath + "[" + index++ + "]", keyNode);
                if (target == null) {
                    continue;
                }
                String earlier = variantOfKey.putIfAbsent(target, name);
                if (earlier != null) {
                    problems.add(variantPath, earlier.equals(name) ? "lists '" + target + "' twice"
                            : "key '" + target + "' is also targeted by variant '" + earlier + "'");
                }
                targets.put(target, outcome);
            }
        });
        return targets;
    }

    private CompiledFlag.Rule[] rules(String path, JsonNode node, Scope scope) {
        if (node == null || !problems.requireArray(path, node)) {
            return new CompiledFlag.Rule[0];
        }
        List<CompiledFlag.Rule> rules = new ArrayList<>();
        int index = 0;
        for (JsonNode rule : node) {
            String rulePath = path + "[" + index + "]";
            if (problems.requireObject(rulePath, rule)) {
                problems.rejectUnknownFields(rulePath, rule, RULE_FIELDS);
                String name = rule.has("name") ? optionalString(rulePath + ".name", rule.get("name")) : null;
                JsonNode when = rule.get("when");
                Condition[] compiled;
                if (when == null) {
                    problems.add(rulePath + ".when", "is required: a rule serves only the contexts matching its conditions");
                    compiled = new Condition[0];
                } else {
                    compiled = conditions.compileAll(rulePath + ".when", when);
                    if (when.isArray() && when.isEmpty()) {
                        problems.add(rulePath + ".when", "must list at least one condition");
                    }
                }
                Serve serve = serve(rulePath, rule, scope, index, name, Reason.TARGETING_MATCH);
                rules.add(new CompiledFlag.Rule(compiled, serve));
            }
            index++;
        }
        return rules.toArray(new CompiledFlag.Rule[0]);
    }

    private Serve fallthrough(String path, JsonNode node, Scope scope, boolean isBoolean, boolean hasTargeting) {
        Reason fixedReason = hasTargeting ? Reason.DEFAULT : Reason.STATIC;
        if (node == null) {
            Variant on = isBoolean ? scope.variants.get("on") : null;
            return new Serve.Fixed(on == null
                    ? new Outcome(scope.key, null, Reason.DEFAULT, null, null, -1, null, source)
                    : Outcome.served(scope.key, on, fixedReason, -1, null, source));
        }
        if (!problems.requireObject(path, node)) {
            return null;
        }
        problems.rejectUnknownFields(path, node, SERVE_FIELDS);
        return serve(path, node, scope, -1, null, fixedReason);
    }

    /** A serve block: {@code serve: VARIANT}, or {@code rollout} with optional {@code by} and {@code ramp}. */
    private Serve serve(String path, JsonNode node, Scope scope, int ruleIndex, String ruleName, Reason fixedReason) {
        JsonNode serve = node.get("serve");
        JsonNode rollout = node.get("rollout");
        if ((serve == null) == (rollout == null)) {
            problems.add(path, serve == null ? "needs 'serve: VARIANT' or 'rollout: {VARIANT: percent, ...}'"
                    : "has both 'serve' and 'rollout'; use one");
            return null;
        }
        if (serve != null) {
            for (String field : List.of("by", "ramp")) {
                if (node.has(field)) {
                    problems.add(path + "." + field, "only applies to a rollout");
                }
            }
            String name = problems.requireString(path + ".serve", serve);
            Variant variant = name == null ? null : variant(path + ".serve", name, scope.variants);
            return variant == null ? null
                    : new Serve.Fixed(Outcome.served(scope.key, variant, fixedReason, ruleIndex, ruleName, source));
        }
        return rollout(path, node, rollout, scope, ruleIndex, ruleName);
    }

    private Serve rollout(String path, JsonNode node, JsonNode rollout, Scope scope, int ruleIndex, String ruleName) {
        String rolloutPath = path + ".rollout";
        if (!problems.requireObject(rolloutPath, rollout)) {
            return null;
        }
        List<Outcome> outcomes = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        int before = problems.list().size();
        rollout.forEachEntry((name, weight) -> {
            Variant variant = variant(rolloutPath + "." + name, name, scope.variants);
            int thousandths = percent(rolloutPath + "." + name, weight);
            if (variant != null) {
                outcomes.add(Outcome.served(scope.key, variant, Reason.SPLIT, ruleIndex, ruleName, source));
                weights.add(thousandths);
            }
        });
        int total = weights.stream().mapToInt(Integer::intValue).sum();
        if (problems.list().size() == before && total != Serve.Rollout.BUCKETS) {
            problems.add(rolloutPath, "weights add up to " + Numeric.of(total / 1000.0) + ", not 100");
        }
        if (rollout.isEmpty()) {
            problems.add(rolloutPath, "must give at least one variant a weight");
        }
        String by = node.has("by") ? optionalString(path + ".by", node.get("by")) : null;
        int[] weightArray = weights.stream().mapToInt(Integer::intValue).toArray();
        Serve.Ramp ramp = node.has("ramp") ? ramp(path + ".ramp", node.get("ramp"), rollout, weightArray) : null;
        String message = by == null ? "the rollout hashes the targeting key and the context has none"
                : "the rollout hashes attribute '" + by + "' and the context has no such value";
        Outcome missing = new Outcome(scope.key, null, Reason.ERROR, ErrorCode.TARGETING_KEY_MISSING, message,
                ruleIndex, ruleName, source);
        return new Serve.Rollout(scope.hash, by, weightArray, outcomes.toArray(new Outcome[0]), missing, ramp);
    }

    private Serve.Ramp ramp(String path, JsonNode node, JsonNode rollout, int[] weights) {
        if (!problems.requireObject(path, node)) {
            return null;
        }
        problems.rejectUnknownFields(path, node, RAMP_FIELDS);
        String variant = required(path + ".variant", node.get("variant"));
        int index = variant == null ? -1 : new ArrayList<>(rollout.propertyNames()).indexOf(variant);
        if (variant != null && index < 0) {
            problems.add(path + ".variant", "'" + variant + "' must be one of the rollout's variants "
                    + rollout.propertyNames());
        }
        int from = node.has("from") ? percent(path + ".from", node.get("from")) : missing(path + ".from");
        int to = node.has("to") ? percent(path + ".to", node.get("to")) : missing(path + ".to");
        long start = instant(path + ".start", node.get("start"));
        long end = instant(path + ".end", node.get("end"));
        if (start != Long.MIN_VALUE && end != Long.MIN_VALUE && end <= start) {
            problems.add(path + ".end", "must be after start");
        }
        return index < 0 || from < 0 || to < 0 || start == Long.MIN_VALUE || end <= start ? null
                : new Serve.Ramp(index, from, to, start, end, weights);
    }

    private int missing(String path) {
        problems.add(path, "is required");
        return -1;
    }

    /** A percentage with at most three decimals, in thousandths; -1 after reporting a problem. */
    private int percent(String path, JsonNode node) {
        if (!node.isNumber()) {
            problems.add(path, "must be a percentage from 0 to 100, not " + Problems.describe(node));
            return -1;
        }
        double percent = node.doubleValue();
        double thousandths = percent * 1000;
        if (percent < 0 || percent > 100) {
            problems.add(path, "must be a percentage from 0 to 100, not " + node);
            return -1;
        }
        if (Math.abs(thousandths - Math.rint(thousandths)) > 1e-6) {
            problems.add(path, "allows at most three decimals (100,000 buckets), not " + node);
            return -1;
        }
        return (int) Math.rint(thousandths);
    }

    private long instant(String path, JsonNode node) {
        if (node == null) {
            problems.add(path, "is required: an ISO-8601 instant like 2026-12-01T00:00:00Z");
            return Long.MIN_VALUE;
        }
        try {
            return OffsetDateTime.parse(node.isString() ? node.stringValue() : "").toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            problems.add(path, "must be an ISO-8601 instant like 2026-12-01T00:00:00Z, not " + Problems.describe(node));
            return Long.MIN_VALUE;
        }
    }

    private String required(String path, JsonNode node) {
        if (node == null) {
            problems.add(path, "is required");
            return null;
        }
        return problems.requireString(path, node);
    }

    private String optionalString(String path, JsonNode node) {
        return node == null ? null : problems.requireString(path, node);
    }

    /**
     * The flag's definition and the segments it uses, spelled canonically (object fields sorted, as JsonNode
     * equality ignores their order), so that telling whether a flag changed does not keep its parse tree alive:
     * a string takes a fraction of the tree's heap.
     */
    private static String fingerprint(JsonNode flag, Set<String> usedSegments, Map<String, JsonNode> segmentNodes) {
        StringBuilder canonical = new StringBuilder(512);
        canonical(flag, canonical);
        usedSegments.stream().sorted().forEach(name -> {
            canonical.append('|').append(name.length()).append(':').append(name);
            canonical(segmentNodes.get(name), canonical);
        });
        return canonical.toString();
    }

    /**
     * An injective spelling of a tree: strings and names carry their length, scalars their node type. Fields keep
     * the document's order, since order can decide (a rollout's variants take bucket ranges in declaration order):
     * a reorder that changes nothing reports a change too, which is harmless; a missed change would not be.
     */
    private static void canonical(JsonNode node, StringBuilder out) {
        if (node == null) {
            out.append('N');
        } else if (node.isObject()) {
            out.append('{');
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                out.append(field.getKey().length()).append(':').append(field.getKey());
                canonical(field.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (JsonNode element : node) {
                canonical(element, out);
            }
            out.append(']');
        } else if (node.isString()) {
            String text = node.stringValue();
            out.append('s').append(text.length()).append(':').append(text);
        } else if (node.isNumber()) {
            // The number's class too: 1 and 1.0 are different trees, as JsonNode equality has it.
            Number number = node.numberValue();
            out.append('#').append(number.getClass().getSimpleName()).append(number).append(';');
        } else {
            out.append(node.isBoolean() ? (node.booleanValue() ? 'T' : 'F') : 'n');
        }
    }
}
