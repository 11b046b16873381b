package dev.flags.internal;

import dev.flags.ErrorCode;
import dev.flags.Reason;
import dev.flags.model.FlagDefinition;
import dev.flags.model.Guard;
import dev.flags.model.Prerequisite;
import dev.flags.model.Ramp;
import dev.flags.model.Rule;
import dev.flags.model.ServeBlock;
import dev.flags.model.Weight;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Compiles one flag's definition, reporting every problem with the flag's key and the field's path. */
final class FlagCompiler {

    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final Problems problems;
    private final ConditionCompiler conditions;
    private final String source;
    /** The revision of the document (or stored flag) being compiled, or null. */
    private final Long revision;

    FlagCompiler(Problems problems, ConditionCompiler conditions, String source, Long revision) {
        this.problems = problems;
        this.conditions = conditions;
        this.source = source;
        this.revision = revision;
    }

    /**
     * The compiled flag, or null when it had problems (which are reported).
     *
     * @param segments the document's segments, of which the flag's fingerprint keeps those it uses
     */
    CompiledFlag compile(String key, FlagDefinition definition, Map<String, dev.flags.model.Segment> segments) {
        problems.inFlag(key);
        String path = "flags." + key;
        int before = problems.size();
        if (!NAME.matcher(key).matches()) {
            problems.add(path, "flag keys are 1 to 200 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Map<String, Variant> variants = variants(path + ".variants", definition);
        Variant guarded = guard(path + ".guard", definition.guard(), variants);
        boolean isBoolean = definition.isBoolean();
        Variant off = definition.offVariant() == null ? (isBoolean ? variants.get("off") : null)
                : variant(path + ".offVariant", definition.offVariant(), variants);
        String salt = definition.salt() == null ? key : definition.salt();
        Scope scope = new Scope(key, variants, RolloutHash.forSalt(salt));
        CompiledFlag.Prerequisite[] prerequisites = prerequisites(definition.prerequisites(), scope, off);
        Map<String, Outcome> targets = targets(path + ".targets", definition.targets(), scope);
        conditions.startFlag();
        CompiledFlag.Rule[] rules = rules(path + ".rules", definition.rules(), scope);
        boolean hasTargeting = rules.length > 0 || !targets.isEmpty();
        Serve fallthrough = fallthrough(path + ".default", definition.defaultServe(), scope, isBoolean, hasTargeting);
        Map<String, dev.flags.model.Segment> used = new HashMap<>();
        for (String name : conditions.usedSegments()) {
            dev.flags.model.Segment segment = segments.get(name);
            if (segment != null) {
                used.put(name, segment);
            }
        }
        problems.inFlag(null);
        if (problems.size() > before) {
            return null;
        }
        return new CompiledFlag(key, new CompiledFlag.Fingerprint(definition, Map.copyOf(used)), variants,
                definition.enabled(), off, prerequisites, targets, rules, fallthrough, source, guarded, revision);
    }

    /** What every serve block of one flag needs to know. */
    private record Scope(String key, Map<String, Variant> variants, RolloutHash hash) {
    }

    private Map<String, Variant> variants(String path, FlagDefinition definition) {
        Map<String, Variant> variants = new LinkedHashMap<>();
        definition.effectiveVariants().forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                problems.add(path + "." + name, "variant names are 1 to 200 letters, digits, '.', '_' or '-'");
            }
            variants.put(name, new Variant(name, value, definition.guard() != null));
        });
        return variants;
    }

    /** The variant a guard watches, or null without a guard; the guard needs another variant as control. */
    private Variant guard(String path, Guard guard, Map<String, Variant> variants) {
        if (guard == null) {
            return null;
        }
        if (!NAME.matcher(guard.event()).matches()) {
            problems.add(path + ".event", "event names are 1 to 200 letters, digits, '.', '_' or '-'");
        }
        Variant watched = variant(path + ".variant", guard.variant(), variants);
        if (watched != null && variants.size() < 2) {
            problems.add(path + ".variant", "the flag has no other variant to compare '" + guard.variant()
                    + "' with");
        }
        return watched;
    }

    private Variant variant(String path, String name, Map<String, Variant> variants) {
        Variant variant = variants.get(name);
        if (variant == null) {
            problems.add(path, "unknown variant '" + name + "'; the flag has " + variants.keySet());
        }
        return variant;
    }

    private CompiledFlag.Prerequisite[] prerequisites(List<Prerequisite> prerequisites, Scope scope, Variant off) {
        List<CompiledFlag.Prerequisite> list = new ArrayList<>();
        for (Prerequisite prerequisite : prerequisites) {
            String flag = prerequisite.flag();
            Outcome failed = off == null
                    ? new Outcome(scope.key, null, Reason.PREREQUISITE_FAILED, null, null, -1, "prerequisite " + flag,
                            source)
                    : Outcome.served(scope.key, off, Reason.PREREQUISITE_FAILED, -1, "prerequisite " + flag, source);
            list.add(new CompiledFlag.Prerequisite(flag, prerequisite.variant(), failed));
        }
        return list.toArray(new CompiledFlag.Prerequisite[0]);
    }

    private Map<String, Outcome> targets(String path, Map<String, List<String>> targets, Scope scope) {
        Map<String, Outcome> compiled = new HashMap<>();
        Map<String, String> variantOfKey = new HashMap<>();
        targets.forEach((name, keys) -> {
            String variantPath = path + "." + name;
            Variant variant = variant(variantPath, name, scope.variants);
            if (variant == null) {
                return;
            }
            Outcome outcome = Outcome.served(scope.key, variant, Reason.TARGETING_MATCH, -1, "targets", source);
            for (String target : keys) {
                String earlier = variantOfKey.putIfAbsent(target, name);
                if (earlier != null) {
                    problems.add(variantPath, earlier.equals(name) ? "lists '" + target + "' twice"
                            : "key '" + target + "' is also targeted by variant '" + earlier + "'");
                }
                compiled.put(target, outcome);
            }
        });
        return compiled;
    }

    private CompiledFlag.Rule[] rules(String path, List<Rule> rules, Scope scope) {
        List<CompiledFlag.Rule> compiled = new ArrayList<>();
        for (int index = 0; index < rules.size(); index++) {
            Rule rule = rules.get(index);
            String rulePath = path + "[" + index + "]";
            if (rule.when().isEmpty()) {
                problems.add(rulePath + ".when", "must list at least one condition");
            }
            Condition[] when = conditions.compileAll(rulePath + ".when", rule.when());
            Serve serve = serve(rulePath, rule.serve(), scope, index, rule.name(), Reason.TARGETING_MATCH);
            compiled.add(new CompiledFlag.Rule(when, serve));
        }
        return compiled.toArray(new CompiledFlag.Rule[0]);
    }

    private Serve fallthrough(String path, ServeBlock block, Scope scope, boolean isBoolean, boolean hasTargeting) {
        Reason fixedReason = hasTargeting ? Reason.DEFAULT : Reason.STATIC;
        if (block == null) {
            Variant on = isBoolean ? scope.variants.get("on") : null;
            return new Serve.Fixed(on == null
                    ? new Outcome(scope.key, null, Reason.DEFAULT, null, null, -1, null, source)
                    : Outcome.served(scope.key, on, fixedReason, -1, null, source));
        }
        return serve(path, block, scope, -1, null, fixedReason);
    }

    private Serve serve(String path, ServeBlock block, Scope scope, int ruleIndex, String ruleName,
            Reason fixedReason) {
        if (!block.isRollout()) {
            Variant variant = variant(path + ".serve", block.serve(), scope.variants);
            return variant == null ? null
                    : new Serve.Fixed(Outcome.served(scope.key, variant, fixedReason, ruleIndex, ruleName, source));
        }
        String rolloutPath = path + ".rollout";
        List<Outcome> outcomes = new ArrayList<>();
        int[] weights = new int[block.rollout().size()];
        Set<String> seen = new HashSet<>();
        int before = problems.size();
        int total = 0;
        for (int i = 0; i < weights.length; i++) {
            Weight weight = block.rollout().get(i);
            String weightPath = rolloutPath + "." + weight.variant();
            Variant variant = variant(weightPath, weight.variant(), scope.variants);
            if (!seen.add(weight.variant())) {
                problems.add(weightPath, "is listed twice");
            }
            weights[i] = percent(weightPath, weight.percent());
            total += Math.max(weights[i], 0);
            if (variant != null) {
                outcomes.add(Outcome.served(scope.key, variant, Reason.SPLIT, ruleIndex, ruleName, source));
            }
        }
        if (problems.size() == before && total != Serve.Rollout.BUCKETS) {
            problems.add(rolloutPath, "weights add up to " + Numeric.of(total / 1000.0) + ", not 100");
        }
        String by = block.by();
        Serve.Ramp ramp = block.ramp() == null ? null : ramp(path + ".ramp", block.ramp(), block.rollout(), weights);
        String message = by == null ? "the rollout hashes the targeting key and the context has none"
                : "the rollout hashes attribute '" + by + "' and the context has no such value";
        Outcome missing = new Outcome(scope.key, null, Reason.ERROR, ErrorCode.TARGETING_KEY_MISSING, message,
                ruleIndex, ruleName, source);
        return problems.size() > before ? null
                : new Serve.Rollout(scope.hash, by, weights, outcomes.toArray(new Outcome[0]), missing, ramp);
    }

    private Serve.Ramp ramp(String path, Ramp ramp, List<Weight> rollout, int[] weights) {
        List<String> variants = rollout.stream().map(Weight::variant).toList();
        int index = variants.indexOf(ramp.variant());
        if (index < 0) {
            problems.add(path + ".variant", "'" + ramp.variant() + "' must be one of the rollout's variants "
                    + variants);
        }
        int from = percent(path + ".from", ramp.from());
        int to = percent(path + ".to", ramp.to());
        long start = ramp.start().toEpochMilli();
        long end = ramp.end().toEpochMilli();
        if (end <= start) {
            problems.add(path + ".end", "must be after start");
        }
        return index < 0 || from < 0 || to < 0 || end <= start ? null
                : new Serve.Ramp(index, from, to, start, end, weights);
    }

    /** A percentage with at most three decimals, in thousandths; -1 after reporting a problem. */
    private int percent(String path, double percent) {
        double thousandths = percent * 1000;
        if (!(percent >= 0 && percent <= 100)) {
            problems.add(path, "must be a percentage from 0 to 100, not " + number(percent));
            return -1;
        }
        if (Math.abs(thousandths - Math.rint(thousandths)) > 1e-6) {
            problems.add(path, "allows at most three decimals (100,000 buckets), not " + number(percent));
            return -1;
        }
        return (int) Math.rint(thousandths);
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
