package dev.flags.internal;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.flags.internal.Conditions.Comparison;
import dev.flags.internal.Conditions.TextOperator;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Compiles the {@code when} conditions of rules and segments, reporting each problem with its path. */
final class ConditionCompiler {

    static final List<String> OPERATORS = List.of("eq", "neq", "in", "notIn", "startsWith", "endsWith", "contains",
            "matches", "lt", "lte", "gt", "gte", "semverEq", "semverLt", "semverLte", "semverGt", "semverGte",
            "before", "after", "inSegment", "exists");

    private static final Set<String> FIELDS = Set.of("attribute", "op", "values", "negate", "ignoreCase");
    private static final Set<String> TEXT_OPERATORS = Set.of("eq", "neq", "in", "notIn", "startsWith", "endsWith",
            "contains", "matches");

    private final Problems problems;
    /** The document's segments; null while compiling segments themselves, which may not nest. */
    private final Map<String, Segment> segments;
    /** The segments the current flag's conditions use: a change to one of them changes the flag. */
    private final Set<String> usedSegments = new HashSet<>();

    /** True for a store's flags: every segment they name is answered by the client's SegmentMembership. */
    private final boolean externalSegments;

    ConditionCompiler(Problems problems, Map<String, Segment> segments) {
        this(problems, segments, false);
    }

    ConditionCompiler(Problems problems, Map<String, Segment> segments, boolean externalSegments) {
        this.problems = problems;
        this.segments = segments;
        this.externalSegments = externalSegments;
    }

    void startFlag() {
        usedSegments.clear();
    }

    Set<String> usedSegments() {
        return usedSegments;
    }

    /** Compiles a {@code when} list; an empty result stands for a list that had problems or was missing. */
    Condition[] compileAll(String path, JsonNode when) {
        if (!problems.requireArray(path, when)) {
            return new Condition[0];
        }
        List<Condition> conditions = new ArrayList<>();
        int index = 0;
        for (JsonNode node : when) {
            Condition condition = compile(path + "[" + index++ + "]", node);
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return conditions.toArray(new Condition[0]);
    }

    private Condition compile(String path, JsonNode node) {
        if (!problems.requireObject(path, node)) {
            return null;
        }
        problems.rejectUnknownFields(path, node, FIELDS);
        JsonNode opNode = node.get("op");
        if (opNode == null) {
            problems.add(path + ".op", "is required; one of " + OPERATORS);
            return null;
        }
        String op = problems.requireString(path + ".op", opNode);
        if (op == null) {
            return null;
        }
        if (!OPERATORS.contains(op)) {
            problems.add(path + ".op", "unknown operator '" + op + "'; expected one of " + OPERATORS);
            return null;
        }
        boolean ignoreCase = flag(path + ".ignoreCase", node.get("ignoreCase"));
        if (ignoreCase && !TEXT_OPERATORS.contains(op)) {
            problems.add(path + ".ignoreCase", "applies to the text operators " + TEXT_OPERATORS + ", not to " + op);
        }
        String attribute = attribute(path, node, op);
        List<JsonNode> values = values(path, node, op);
        if (values == null) {
            return null;
        }
        Condition condition = build(path, op, attribute, values, ignoreCase);
        if (condition == null) {
            return null;
        }
        return flag(path + ".negate", node.get("negate")) ? new Conditions.Negated(condition) : condition;
    }

    private Condition build(String path, String op, String attribute, List<JsonNode> values, boolean ignoreCase) {
        String valuesPath = path + ".values";
        switch (op) {
            case "eq", "in", "neq", "notIn" -> {
                return attribute == null ? null : equality(attribute, op.equals("neq") || op.equals("notIn"),
                        values, ignoreCase);
            }
            case "startsWith" -> {
                return attribute == null ? null : text(attribute, TextOperator.STARTS_WITH, values, ignoreCase);
            }
            case "endsWith" -> {
                return attribute == null ? null : text(attribute, TextOperator.ENDS_WITH, values, ignoreCase);
            }
            case "contains" -> {
                return attribute == null ? null : text(attribute, TextOperator.CONTAINS, values, ignoreCase);
            }
            case "matches" -> {
                Pattern[] patterns = patterns(valuesPath, values, ignoreCase);
                return attribute == null || patterns == null ? null : new Conditions.Matches(attribute, patterns);
            }
            case "lt", "lte", "gt", "gte" -> {
                Numeric[] numbers = numbers(valuesPath, values);
                return attribute == null || numbers == null ? null
                        : new Conditions.NumberCompare(attribute, comparison(op), numbers);
            }
            case "semverEq", "semverLt", "semverLte", "semverGt", "semverGte" -> {
                SemanticVersion[] versions = versions(valuesPath, values);
                return attribute == null || versions == null ? null
                        : new Conditions.VersionCompare(attribute, comparison(op.substring(6)), versions);
            }
            case "before", "after" -> {
                long[] instants = instants(valuesPath, values);
                Comparison comparison = op.equals("before") ? Comparison.LT : Comparison.GT;
                if (instants == null) {
                    return null;
                }
                return attribute == null ? new Conditions.Now(comparison, instants)
                        : new Conditions.InstantCompare(attribute, comparison, instants);
            }
            case "inSegment" -> {
                Segment[] found = segments(valuesPath, values);
                return found == null ? null : new Conditions.InSegment(found);
            }
            default -> {
                return attribute == null ? null : new Conditions.Exists(attribute);
            }
        }
    }

    private String attribute(String path, JsonNode node, String op) {
        JsonNode attribute = node.get("attribute");
        boolean optional = op.equals("before") || op.equals("after");
        if (op.equals("inSegment")) {
            if (attribute != null) {
                problems.add(path + ".attribute", "inSegment tests the context's segment membership; it takes no attribute");
            }
            return null;
        }
        if (attribute == null) {
            if (!optional) {
                problems.add(path + ".attribute", "is required for " + op);
            }
            return null;
        }
        String name = problems.requireString(path + ".attribute", attribute);
        if (name != null && name.isEmpty()) {
            problems.add(path + ".attribute", "must not be empty");
            return null;
        }
        return name;
    }

    private List<JsonNode> values(String path, JsonNode node, String op) {
        JsonNode values = node.get("values");
        if (op.equals("exists")) {
            if (values != null) {
                problems.add(path + ".values", "exists takes no values");
                return null;
            }
            return List.of();
        }
        if (values == null) {
            problems.add(path + ".values", "is required for " + op);
            return null;
        }
        if (!problems.requireArray(path + ".values", values)) {
            return null;
        }
        if (values.isEmpty()) {
            problems.add(path + ".values", "must list at least one value");
            return null;
        }
        List<JsonNode> list = new ArrayList<>();
        int index = 0;
        boolean valid = true;
        for (JsonNode value : values) {
            if (!value.isString() && !value.isNumber() && !value.isBoolean()) {
                problems.add(path + ".values[" + index + "]", "must be a string, number or boolean, not "
                        + Problems.describe(value));
                valid = false;
            }
            list.add(value);
            index++;
        }
        return valid ? list : null;
    }

    private boolean flag(String path, JsonNode node) {
        if (node == null) {
            return false;
        }
        if (!node.isBoolean()) {
            problems.add(path, "must be true or false, not " + Problems.describe(node));
            return false;
        }
        return node.booleanValue();
    }

    private static Condition equality(String attribute, boolean inverted, List<JsonNode> values, boolean ignoreCase) {
        // Two texts compare as text (so "1.10" is not "1.1"); when either side is a number, they compare as
        // numbers, whatever the other's spelling; booleans as booleans.
        List<String> texts = new ArrayList<>();
        List<Numeric> numbers = new ArrayList<>();
        List<Boolean> booleans = new ArrayList<>();
        for (JsonNode value : values) {
            if (value.isBoolean()) {
                booleans.add(value.booleanValue());
            } else if (value.isNumber()) {
                numbers.add(numeric(value));
            } else {
                texts.add(value.stringValue());
            }
        }
        return new Conditions.Equals(attribute, inverted, texts.toArray(new String[0]),
                numbers.toArray(new Numeric[0]), booleans.toArray(new Boolean[0]), ignoreCase);
    }

    private static Condition text(String attribute, TextOperator operator, List<JsonNode> values, boolean ignoreCase) {
        String[] texts = values.stream().map(JsonNode::asString).toArray(String[]::new);
        return new Conditions.Text(attribute, operator, texts, ignoreCase);
    }

    private Pattern[] patterns(String path, List<JsonNode> values, boolean ignoreCase) {
        Pattern[] patterns = new Pattern[values.size()];
        boolean valid = true;
        for (int i = 0; i < patterns.length; i++) {
            try {
                patterns[i] = Pattern.compile(values.get(i).asString(), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                problems.add(path + "[" + i + "]", "invalid RE2 pattern: " + e.getMessage());
                valid = false;
            }
        }
        return valid ? patterns : null;
    }

    private static Numeric numeric(JsonNode number) {
        return number.isIntegralNumber() && number.canConvertToLong() ? Numeric.of(number.longValue())
                : Numeric.of(number.doubleValue());
    }

    private Numeric[] numbers(String path, List<JsonNode> values) {
        Numeric[] numbers = new Numeric[values.size()];
        boolean valid = true;
        for (int i = 0; i < numbers.length; i++) {
            JsonNode value = values.get(i);
            numbers[i] = value.isNumber() ? numeric(value) : value.isString() ? Numeric.parse(value.stringValue()) : null;
            if (numbers[i] == null) {
                problems.add(path + "[" + i + "]", "must be a number, not " + Problems.describe(value));
                valid = false;
            }
        }
        return valid ? numbers : null;
    }

    private SemanticVersion[] versions(String path, List<JsonNode> values) {
        SemanticVersion[] versions = new SemanticVersion[values.size()];
        boolean valid = true;
        for (int i = 0; i < versions.length; i++) {
            versions[i] = SemanticVersion.parse(values.get(i).asString());
            if (versions[i] == null) {
                problems.add(path + "[" + i + "]", "must be a semantic version like 2.3.0, not "
                        + Problems.describe(values.get(i)));
                valid = false;
            }
        }
        return valid ? versions : null;
    }

    private long[] instants(String path, List<JsonNode> values) {
        long[] instants = new long[values.size()];
        boolean valid = true;
        for (int i = 0; i < instants.length; i++) {
            JsonNode value = values.get(i);
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                instants[i] = value.longValue();
                continue;
            }
            try {
                instants[i] = OffsetDateTime.parse(value.isString() ? value.stringValue() : "").toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e) {
                problems.add(path + "[" + i + "]", "must be an ISO-8601 instant like 2026-12-01T00:00:00Z or epoch "
                        + "milliseconds, not " + Problems.describe(value));
                valid = false;
            }
        }
        return valid ? instants : null;
    }

    private Segment[] segments(String path, List<JsonNode> values) {
        if (segments == null) {
            problems.add(path, "a segment's conditions cannot test other segments");
            return null;
        }
        Segment[] found = new Segment[values.size()];
        boolean valid = true;
        for (int i = 0; i < found.length; i++) {
            String name = values.get(i).asString();
            found[i] = externalSegments ? Segment.external(name) : segments.get(name);
            usedSegments.add(name);
            if (found[i] == null) {
                problems.add(path + "[" + i + "]", "unknown segment '" + name + "'; the document defines "
                        + segments.keySet().stream().sorted().toList());
                valid = false;
            }
        }
        return valid ? found : null;
    }

    private static Comparison comparison(String op) {
        return switch (op.toLowerCase(java.util.Locale.ROOT)) {
            case "eq" -> Comparison.EQ;
            case "lt" -> Comparison.LT;
            case "lte" -> Comparison.LTE;
            case "gt" -> Comparison.GT;
            default -> Comparison.GTE;
        };
    }
}
