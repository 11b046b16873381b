package dev.flags.internal;

import dev.flags.model.Condition;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import dev.flags.model.Guard;
import dev.flags.model.Prerequisite;
import dev.flags.model.Ramp;
import dev.flags.model.Rule;
import dev.flags.model.Segment;
import dev.flags.model.ServeBlock;
import dev.flags.model.Weight;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import tools.jackson.databind.JsonNode;

/**
 * Reads a document's tree into the model, reporting every field of the wrong shape: a wrong type, a missing
 * required field, an unknown field. What the fields mean (variants that exist, operators, weights) the
 * {@link DocumentCompiler} checks on the model. A flag or segment whose shape is wrong is left out of the model
 * and remembered, so that nothing else is reported about it twice (a prerequisite naming it is not "unknown").
 */
final class ModelReader {

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("$schema", "revision", "segments", "flags");
    private static final Set<String> SEGMENT_FIELDS = Set.of("description", "include", "exclude", "when",
            "external");
    private static final Set<String> FLAG_FIELDS = Set.of("description", "enabled", "variants", "offVariant", "salt",
            "prerequisites", "targets", "rules", "default", "guard");
    private static final Set<String> SERVE_FIELDS = Set.of("serve", "rollout", "by", "ramp");
    private static final Set<String> RULE_FIELDS = Set.of("name", "when", "serve", "rollout", "by", "ramp");
    private static final Set<String> RAMP_FIELDS = Set.of("variant", "from", "to", "start", "end");
    private static final Set<String> PREREQUISITE_FIELDS = Set.of("flag", "variant");
    private static final Set<String> GUARD_FIELDS = Set.of("event", "variant", "maxRatio", "minSamples",
            "confidence");
    private static final Set<String> CONDITION_FIELDS = Set.of("attribute", "op", "values", "negate", "ignoreCase");

    private final Problems problems;
    /** Flags and segments the document has, whose shape was wrong: left out of the model. */
    final Set<String> unreadFlags = new HashSet<>();
    final Set<String> unreadSegments = new HashSet<>();
    /** Whether the flag or segment being read had a problem of shape. */
    private boolean broken;
    /**
     * One instance of each short text the document repeats (operators, attributes, variant names, values): a
     * client keeps each flag's model, and a parser makes a new string for every value it reads.
     */
    private final Map<String, String> texts = new HashMap<>();

    ModelReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's model, or null when it is not an object at all (which is reported). */
    FlagDocument document(JsonNode root) {
        if (!root.isObject()) {
            problems.add("document", "must be an object, not " + describe(root));
            return null;
        }
        rejectUnknownFields("", root, TOP_LEVEL_FIELDS);
        Long revision = revision(root.get("revision"));
        Map<String, Segment> segments = new LinkedHashMap<>();
        JsonNode segmentsNode = root.get("segments");
        if (segmentsNode != null && requireObject("segments", segmentsNode)) {
            segmentsNode.forEachEntry((name, node) -> {
                Segment segment = segment("segments." + name, node);
                if (segment == null) {
                    unreadSegments.add(name);
                } else {
                    segments.put(name, segment);
                }
            });
        }
        Map<String, FlagDefinition> flags = new LinkedHashMap<>();
        JsonNode flagsNode = root.get("flags");
        if (flagsNode == null) {
            problems.add("flags", "is required (write 'flags: {}' for a document without flags)");
        } else if (requireObject("flags", flagsNode)) {
            flagsNode.forEachEntry((key, node) -> {
                FlagDefinition flag = flag(key, node);
                if (flag == null) {
                    unreadFlags.add(key);
                } else {
                    flags.put(key, flag);
                }
            });
        }
        problems.inFlag(null);
        return new FlagDocument(revision, segments, flags);
    }

    /** One flag's model, or null when its shape is wrong (which is reported). */
    FlagDefinition flag(String key, JsonNode node) {
        problems.inFlag(key);
        broken = false;
        String path = "flags." + key;
        if (!requireObject(path, node)) {
            return null;
        }
        rejectUnknownFields(path, node, FLAG_FIELDS);
        FlagDefinition.Builder flag = FlagDefinition.builder()
                .description(string(path + ".description", node.get("description")))
                .enabled(bool(path + ".enabled", node.get("enabled"), true,
                        "must be true or false (the kill switch), not "))
                .offVariant(string(path + ".offVariant", node.get("offVariant")))
                .salt(string(path + ".salt", node.get("salt")));
        variants(path + ".variants", node.get("variants"), flag);
        prerequisites(path + ".prerequisites", node.get("prerequisites"), flag);
        targets(path + ".targets", node.get("targets"), flag);
        rules(path + ".rules", node.get("rules"), flag);
        JsonNode fallthrough = node.get("default");
        if (fallthrough != null && requireObject(path + ".default", fallthrough)) {
            rejectUnknownFields(path + ".default", fallthrough, SERVE_FIELDS);
            flag.defaultServe(serve(path + ".default", fallthrough));
        }
        JsonNode guard = node.get("guard");
        if (guard != null) {
            flag.guard(guard(path + ".guard", guard));
        }
        problems.inFlag(null);
        return broken ? null : flag.build();
    }

    private Long revision(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            problems.add("revision", "must be a whole number of at least 0, not " + describe(node));
            return null;
        }
        return node.longValue();
    }

    private Segment segment(String path, JsonNode node) {
        broken = false;
        if (!requireObject(path, node)) {
            return null;
        }
        rejectUnknownFields(path, node, SEGMENT_FIELDS);
        String description = string(path + ".description", node.get("description"));
        boolean external = bool(path + ".external", node.get("external"), false, "must be true or false, not ");
        List<String> include = strings(path + ".include", node.get("include"));
        List<String> exclude = strings(path + ".exclude", node.get("exclude"));
        JsonNode when = node.get("when");
        List<Condition> conditions = when == null ? List.of() : conditions(path + ".when", when);
        return broken ? null : new Segment(description, include, exclude, conditions, external);
    }

    private void variants(String path, JsonNode node, FlagDefinition.Builder flag) {
        if (node == null || !requireObject(path, node)) {
            return;
        }
        if (node.isEmpty()) {
            fail(path, "must define at least one variant (or be left out for a boolean flag with on and off)");
        }
        node.forEachEntry((name, value) -> {
            if (holdsNull(value)) {
                fail(path + "." + name, "a variant's value must not be null" + (value.isNull() ? "" : " nor hold one"));
            } else {
                flag.variant(name, JsonValues.toJava(value));
            }
        });
    }

    private void prerequisites(String path, JsonNode node, FlagDefinition.Builder flag) {
        if (node == null || !requireArray(path, node)) {
            return;
        }
        int index = 0;
        for (JsonNode entry : node) {
            String entryPath = path + "[" + index++ + "]";
            if (!requireObject(entryPath, entry)) {
                continue;
            }
            rejectUnknownFields(entryPath, entry, PREREQUISITE_FIELDS);
            String required = required(entryPath + ".flag", entry.get("flag"));
            String variant = required(entryPath + ".variant", entry.get("variant"));
            if (required != null && variant != null) {
                flag.prerequisite(required, variant);
            }
        }
    }

    private void targets(String path, JsonNode node, FlagDefinition.Builder flag) {
        if (node == null || !requireObject(path, node)) {
            return;
        }
        node.forEachEntry((variant, keys) -> flag.target(variant,
                strings(path + "." + variant, keys).toArray(new String[0])));
    }

    private void rules(String path, JsonNode node, FlagDefinition.Builder flag) {
        if (node == null || !requireArray(path, node)) {
            return;
        }
        int index = 0;
        for (JsonNode rule : node) {
            String rulePath = path + "[" + index++ + "]";
            if (!requireObject(rulePath, rule)) {
                continue;
            }
            rejectUnknownFields(rulePath, rule, RULE_FIELDS);
            String name = string(rulePath + ".name", rule.get("name"));
            JsonNode when = rule.get("when");
            List<Condition> conditions = List.of();
            if (when == null) {
                fail(rulePath + ".when", "is required: a rule serves only the contexts matching its conditions");
            } else {
                conditions = conditions(rulePath + ".when", when);
            }
            ServeBlock serve = serve(rulePath, rule);
            if (serve != null && !broken) {
                flag.rule(new Rule(name, conditions, serve));
            }
        }
    }

    /** A serve block: {@code serve: VARIANT}, or {@code rollout} with optional {@code by} and {@code ramp}. */
    private ServeBlock serve(String path, JsonNode node) {
        JsonNode serve = node.get("serve");
        JsonNode rollout = node.get("rollout");
        if ((serve == null) == (rollout == null)) {
            fail(path, serve == null ? "needs 'serve: VARIANT' or 'rollout: {VARIANT: percent, ...}'"
                    : "has both 'serve' and 'rollout'; use one");
            return null;
        }
        if (serve != null) {
            boolean valid = true;
            for (String field : List.of("by", "ramp")) {
                if (node.has(field)) {
                    fail(path + "." + field, "only applies to a rollout");
                    valid = false;
                }
            }
            String variant = requireString(path + ".serve", serve);
            return variant == null || !valid ? null : ServeBlock.serve(variant);
        }
        String rolloutPath = path + ".rollout";
        if (!requireObject(rolloutPath, rollout)) {
            return null;
        }
        if (rollout.isEmpty()) {
            fail(rolloutPath, "must give at least one variant a weight");
            return null;
        }
        List<Weight> weights = new ArrayList<>();
        rollout.forEachEntry((variant, weight) -> {
            if (weight.isNumber()) {
                weights.add(Weight.of(variant, weight.doubleValue()));
            } else {
                fail(rolloutPath + "." + variant, "must be a percentage from 0 to 100, not " + describe(weight));
            }
        });
        String by = string(path + ".by", node.get("by"));
        JsonNode rampNode = node.get("ramp");
        Ramp ramp = rampNode == null ? null : ramp(path + ".ramp", rampNode);
        return weights.size() < rollout.size() || (rampNode != null && ramp == null) ? null
                : ServeBlock.rollout(weights).withBy(by).withRamp(ramp);
    }

    private Ramp ramp(String path, JsonNode node) {
        if (!requireObject(path, node)) {
            return null;
        }
        rejectUnknownFields(path, node, RAMP_FIELDS);
        String variant = required(path + ".variant", node.get("variant"));
        Double from = percent(path + ".from", node.get("from"));
        Double to = percent(path + ".to", node.get("to"));
        Instant start = instant(path + ".start", node.get("start"));
        Instant end = instant(path + ".end", node.get("end"));
        return variant == null || from == null || to == null || start == null || end == null ? null
                : new Ramp(variant, from, to, start, end);
    }

    /** {@code guard: {event, variant, maxRatio?, minSamples?, confidence?}}; the variant is checked on compiling. */
    private Guard guard(String path, JsonNode node) {
        if (!requireObject(path, node)) {
            return null;
        }
        rejectUnknownFields(path, node, GUARD_FIELDS);
        String event = required(path + ".event", node.get("event"));
        String variant = required(path + ".variant", node.get("variant"));
        double maxRatio = number(path + ".maxRatio", node.get("maxRatio"), Guard.DEFAULT_MAX_RATIO,
                ratio -> ratio > 1 && ratio <= 100, "a ratio above 1 and at most 100, such as 1.5");
        double confidence = number(path + ".confidence", node.get("confidence"), Guard.DEFAULT_CONFIDENCE,
                level -> level >= 0.5 && level <= 0.9999, "from 0.5 to 0.9999, such as 0.99");
        JsonNode samples = node.get("minSamples");
        long minSamples = Guard.DEFAULT_MIN_SAMPLES;
        if (samples != null) {
            if (samples.isIntegralNumber() && samples.canConvertToLong() && samples.longValue() >= 1) {
                minSamples = samples.longValue();
            } else {
                fail(path + ".minSamples", "must be a whole number of at least 1, not " + describe(samples));
            }
        }
        return broken || event == null || variant == null ? null
                : new Guard(event, variant, maxRatio, minSamples, confidence);
    }

    /** A number that passes {@code valid}, or the default when absent. */
    private double number(String path, JsonNode node, double absent, DoublePredicate valid, String expected) {
        if (node == null) {
            return absent;
        }
        double value = node.isNumber() ? node.doubleValue() : Double.NaN;
        if (!valid.test(value)) {
            fail(path, "must be " + expected + ", not " + describe(node));
            return absent;
        }
        return value;
    }

    private Double percent(String path, JsonNode node) {
        if (node == null) {
            fail(path, "is required");
            return null;
        }
        if (!node.isNumber()) {
            fail(path, "must be a percentage from 0 to 100, not " + describe(node));
            return null;
        }
        return node.doubleValue();
    }

    private Instant instant(String path, JsonNode node) {
        if (node == null) {
            fail(path, "is required: an ISO-8601 instant like 2026-12-01T00:00:00Z");
            return null;
        }
        try {
            return OffsetDateTime.parse(node.isString() ? node.stringValue() : "").toInstant();
        } catch (DateTimeParseException e) {
            fail(path, "must be an ISO-8601 instant like 2026-12-01T00:00:00Z, not " + describe(node));
            return null;
        }
    }

    private List<Condition> conditions(String path, JsonNode when) {
        if (!requireArray(path, when)) {
            return List.of();
        }
        List<Condition> conditions = new ArrayList<>();
        int index = 0;
        for (JsonNode node : when) {
            Condition condition = condition(path + "[" + index++ + "]", node);
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return conditions;
    }

    private Condition condition(String path, JsonNode node) {
        if (!requireObject(path, node)) {
            return null;
        }
        rejectUnknownFields(path, node, CONDITION_FIELDS);
        JsonNode opNode = node.get("op");
        String op = null;
        if (opNode == null) {
            fail(path + ".op", "is required; one of " + ConditionCompiler.OPERATORS);
        } else {
            op = requireString(path + ".op", opNode);
        }
        String attribute = string(path + ".attribute", node.get("attribute"));
        boolean negate = bool(path + ".negate", node.get("negate"), false, "must be true or false, not ");
        boolean ignoreCase = bool(path + ".ignoreCase", node.get("ignoreCase"), false, "must be true or false, not ");
        List<Object> values = values(path + ".values", node.get("values"));
        return op == null || values == null ? null : new Condition(attribute, op, values, negate, ignoreCase);
    }

    private List<Object> values(String path, JsonNode node) {
        if (node == null) {
            return List.of();
        }
        if (!requireArray(path, node)) {
            return null;
        }
        if (node.isEmpty()) {
            fail(path, "must list at least one value");
            return null;
        }
        List<Object> values = new ArrayList<>();
        int index = 0;
        for (JsonNode value : node) {
            if (!value.isString() && !value.isNumber() && !value.isBoolean()) {
                fail(path + "[" + index + "]", "must be a string, number or boolean, not " + describe(value));
                values = null;
            } else if (values != null) {
                values.add(value.isString() ? shared(value.stringValue()) : JsonValues.toJava(value));
            }
            index++;
        }
        return values;
    }

    private List<String> strings(String path, JsonNode node) {
        if (node == null || !requireArray(path, node)) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        int index = 0;
        for (JsonNode element : node) {
            String text = requireString(path + "[" + index++ + "]", element);
            if (text != null) {
                strings.add(text);
            }
        }
        return strings;
    }

    private String required(String path, JsonNode node) {
        if (node == null) {
            fail(path, "is required");
            return null;
        }
        return requireString(path, node);
    }

    private String string(String path, JsonNode node) {
        return node == null ? null : requireString(path, node);
    }

    private boolean bool(String path, JsonNode node, boolean absent, String problem) {
        if (node == null) {
            return absent;
        }
        if (!node.isBoolean()) {
            fail(path, problem + describe(node));
            return absent;
        }
        return node.booleanValue();
    }

    private String shared(String text) {
        return text.length() > 64 ? text : texts.computeIfAbsent(text, t -> t);
    }

    private static boolean holdsNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode element : node.values()) {
            if (holdsNull(element)) {
                return true;
            }
        }
        return false;
    }

    private void fail(String path, String message) {
        problems.add(path, message);
        broken = true;
    }

    /** Reports every field of an object that is not among the allowed ones. */
    private void rejectUnknownFields(String path, JsonNode object, Set<String> allowed) {
        for (String name : object.propertyNames()) {
            if (!allowed.contains(name)) {
                problems.add(path.isEmpty() ? name : path + "." + name,
                        "unknown field; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    private boolean requireObject(String path, JsonNode node) {
        if (node.isObject()) {
            return true;
        }
        fail(path, "must be an object, not " + describe(node));
        return false;
    }

    private boolean requireArray(String path, JsonNode node) {
        if (node.isArray()) {
            return true;
        }
        fail(path, "must be a list, not " + describe(node));
        return false;
    }

    private String requireString(String path, JsonNode node) {
        if (node.isString()) {
            return shared(node.stringValue());
        }
        fail(path, "must be a string, not " + describe(node));
        return null;
    }

    static String describe(JsonNode node) {
        if (node.isString()) {
            return "the string '" + node.stringValue() + "'";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isContainer()) {
            return node.isArray() ? "a list" : "an object";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + node;
    }
}
