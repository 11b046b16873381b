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

/** Compiles the {@code when} conditions of rules and segments, reporting each problem with its path. */
final class ConditionCompiler {

    static final List<String> OPERATORS = List.of("eq", "neq", "in", "notIn", "startsWith", "endsWith", "contains",
            "matches", "lt", "lte", "gt", "gte", "semverEq", "semverLt", "semverLte", "semverGt", "semverGte",
            "before", "after", "inSegment", "exists");

    private static final Set<String> TEXT_OPERATORS = Set.of("eq", "neq", "in", "notIn", "startsWith", "endsWith",
            "contains", "matches");

    private final Problems problems;
    /** The document's segments; null while compiling segments themselves, which may not nest. */
    private final Map<String, Segment> segments;
    /** The segments the current flag's conditions use: a change to one of them changes the flag. */
    private final Set<String> usedSegments = new HashSet<>();

    /** True for a store's flags: every segment they name is answered by the client's SegmentMembership. */
    private final boolean externalSegments;

    /** Segments the document has whose shape was wrong: already reported, so not "unknown" here. */
    private final Set<String> unreadSegments;

    ConditionCompiler(Problems problems, Map<String, Segment> segments) {
        this(problems, segments, false, Set.of());
    }

    ConditionCompiler(Problems problems, Map<String, Segment> segments, boolean externalSegments) {
        this(problems, segments, externalSegments, Set.of());
    }

    ConditionCompiler(Problems problems, Map<String, Segment> segments, boolean externalSegments,
            Set<String> unreadSegments) {
        this.problems = problems;
        this.segments = segments;
        this.externalSegments = externalSegments;
        this.unreadSegments = unreadSegments;
    }

    void startFlag() {
        usedSegments.clear();
    }

    Set<String> usedSegments() {
        return usedSegments;
    }

    /** Compiles a {@code when} list; conditions that had problems are left out (and reported). */
    Condition[] compileAll(String path, List<dev.flags.model.Condition> when) {
        List<Condition> conditions = new ArrayList<>();
        for (int index = 0; index < when.size(); index++) {
            Condition condition = compile(path + "[" + index + "]", when.get(index));
            if (condition != null) {
                conditions.add(condition);
            }
        }
        return conditions.toArray(new Condition[0]);
    }

    private Condition compile(String path, dev.flags.model.Condition node) {
        String op = node.op();
        if (!OPERATORS.contains(op)) {
            problems.add(path + ".op", "unknown operator '" + op + "'; expected one of " + OPERATORS);
            return null;
        }
        boolean ignoreCase = node.ignoreCase();
        if (ignoreCase && !TEXT_OPERATORS.contains(op)) {
            problems.add(path + ".ignoreCase", "applies to the text operators " + TEXT_OPERATORS + ", not to " + op);
        }
        String attribute = attribute(path, node.attribute(), op);
        List<Object> values = values(path, node.values(), op);
        if (values == null) {
            return null;
        }
        Condition condition = build(path, op, attribute, values, ignoreCase);
        if (condition == null) {
            return null;
        }
        return node.negate() ? new Conditions.Negated(condition) : condition;
    }

    private Condition build(String path, String op, String attribute, List<Object> values, boolean ignoreCase) {
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

    private String attribute(String path, String name, String op) {
        boolean optional = op.equals("before") || op.equals("after");
        if (op.equals("inSegment")) {
            if (name != null) {
                problems.add(path + ".attribute", "inSegment tests the context's segment membership; it takes no attribute");
            }
            return null;
        }
        if (name == null) {
            if (!optional) {
                problems.add(path + ".attribute", "is required for " + op);
            }
            return null;
        }
        if (name.isEmpty()) {
            problems.add(path + ".attribute", "must not be empty");
            return null;
        }
        return name;
    }

    private List<Object> values(String path, List<Object> values, String op) {
        if (op.equals("exists")) {
            if (!values.isEmpty()) {
                problems.add(path + ".values", "exists takes no values");
                return null;
            }
            return values;
        }
        if (values.isEmpty()) {
            problems.add(path + ".values", "is required for " + op);
            return null;
        }
        return values;
    }

    private static Condition equality(String attribute, boolean inverted, List<Object> values, boolean ignoreCase) {
        // Two texts compare as text (so "1.10" is not "1.1"); when either side is a number, they compare as
        // numbers, whatever the other's spelling; booleans as booleans.
        List<String> texts = new ArrayList<>();
        List<Numeric> numbers = new ArrayList<>();
        List<Boolean> booleans = new ArrayList<>();
        for (Object value : values) {
            if (value instanceof Boolean bool) {
                booleans.add(bool);
            } else if (value instanceof Number number) {
                numbers.add(numeric(number));
            } else {
                texts.add((String) value);
            }
        }
        return new Conditions.Equals(attribute, inverted, texts.toArray(new String[0]),
                numbers.toArray(new Numeric[0]), booleans.toArray(new Boolean[0]), ignoreCase);
    }

    private static Condition text(String attribute, TextOperator operator, List<Object> values, boolean ignoreCase) {
        String[] texts = values.stream().map(String::valueOf).toArray(String[]::new);
        return new Conditions.Text(attribute, operator, texts, ignoreCase);
    }

    private Pattern[] patterns(String path, List<Object> values, boolean ignoreCase) {
        Pattern[] patterns = new Pattern[values.size()];
        boolean valid = true;
        for (int i = 0; i < patterns.length; i++) {
            try {
                patterns[i] = Pattern.compile(String.valueOf(values.get(i)), ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                problems.add(path + "[" + i + "]", "invalid RE2 pattern: " + e.getMessage());
                valid = false;
            }
        }
        return valid ? patterns : null;
    }

    private static Numeric numeric(Number number) {
        return number instanceof Long whole ? Numeric.of(whole) : Numeric.of(number.doubleValue());
    }

    private Numeric[] numbers(String path, List<Object> values) {
        Numeric[] numbers = new Numeric[values.size()];
        boolean valid = true;
        for (int i = 0; i < numbers.length; i++) {
            Object value = values.get(i);
            numbers[i] = value instanceof Number number ? numeric(number)
                    : value instanceof String text ? Numeric.parse(text) : null;
            if (numbers[i] == null) {
                problems.add(path + "[" + i + "]", "must be a number, not " + describe(value));
                valid = false;
            }
        }
        return valid ? numbers : null;
    }

    private SemanticVersion[] versions(String path, List<Object> values) {
        SemanticVersion[] versions = new SemanticVersion[values.size()];
        boolean valid = true;
        for (int i = 0; i < versions.length; i++) {
            versions[i] = SemanticVersion.parse(String.valueOf(values.get(i)));
            if (versions[i] == null) {
                problems.add(path + "[" + i + "]", "must be a semantic version like 2.3.0, not "
                        + describe(values.get(i)));
                valid = false;
            }
        }
        return valid ? versions : null;
    }

    private long[] instants(String path, List<Object> values) {
        long[] instants = new long[values.size()];
        boolean valid = true;
        for (int i = 0; i < instants.length; i++) {
            Object value = values.get(i);
            if (value instanceof Long millis) {
                instants[i] = millis;
                continue;
            }
            try {
                instants[i] = OffsetDateTime.parse(value instanceof String text ? text : "").toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e) {
                problems.add(path + "[" + i + "]", "must be an ISO-8601 instant like 2026-12-01T00:00:00Z or epoch "
                        + "milliseconds, not " + describe(value));
                valid = false;
            }
        }
        return valid ? instants : null;
    }

    private Segment[] segments(String path, List<Object> values) {
        if (segments == null) {
            problems.add(path, "a segment's conditions cannot test other segments");
            return null;
        }
        Segment[] found = new Segment[values.size()];
        boolean valid = true;
        for (int i = 0; i < found.length; i++) {
            String name = String.valueOf(values.get(i));
            found[i] = externalSegments ? Segment.external(name) : segments.get(name);
            usedSegments.add(name);
            if (found[i] == null && unreadSegments.contains(name)) {
                valid = false;
            } else if (found[i] == null) {
                problems.add(path + "[" + i + "]", "unknown segment '" + name + "'; the document defines "
                        + segments.keySet().stream().sorted().toList());
                valid = false;
            }
        }
        return valid ? found : null;
    }

    /** A value as problems show it: {@code the string 'x'}, {@code number 5}, {@code boolean true}. */
    static String describe(Object value) {
        return value instanceof String text ? "the string '" + text + "'"
                : (value instanceof Boolean ? "boolean " : "number ") + value;
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
