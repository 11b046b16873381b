package dev.flags.internal;

import com.google.re2j.Pattern;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/** The condition operators. Each tests one parsed form of an attribute, so none parses at evaluation time. */
final class Conditions {

    private Conditions() {
    }

    /** A condition on one attribute (or the targeting key). A missing attribute never matches. */
    abstract static class OnAttribute implements Condition {
        private final String name;
        private final boolean targetingKey;
        /** For neq and notIn: true when no value matches. */
        private final boolean inverted;

        OnAttribute(String name, boolean inverted) {
            // Interned: callers usually name attributes with string literals, which are interned too, so a
            // context finds the name by identity before comparing characters.
            this.name = name.intern();
            this.targetingKey = Attributes.isKeyAlias(name);
            this.inverted = inverted;
        }

        @Override
        public final boolean matches(Attributes context, EvaluationScope scope) {
            Attribute attribute = targetingKey ? context.key() : context.find(name);
            if (attribute == null) {
                return false;
            }
            Attribute[] elements = attribute.elements;
            if (elements == null) {
                return test(attribute, scope) != inverted;
            }
            for (Attribute element : elements) {
                if (test(element, scope)) {
                    return !inverted;
                }
            }
            return inverted;
        }

        abstract boolean test(Attribute attribute, EvaluationScope scope);
    }

    /** A rule's conditions when it has several: all must hold. */
    static final class AllOf implements Condition {
        private final Condition[] conditions;

        AllOf(Condition[] conditions) {
            this.conditions = conditions;
        }

        @Override
        public boolean matches(Attributes context, EvaluationScope scope) {
            for (Condition condition : conditions) {
                if (!condition.matches(context, scope)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Negated implements Condition {
        private final Condition condition;

        Negated(Condition condition) {
            this.condition = condition;
        }

        @Override
        public boolean matches(Attributes context, EvaluationScope scope) {
            return !condition.matches(context, scope);
        }
    }

    static final class Exists extends OnAttribute {
        Exists(String name) {
            super(name, false);
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            return true;
        }
    }

    /** eq, neq, in, notIn: text compares as text, numbers as numbers, booleans as booleans. */
    static final class Equals extends OnAttribute {
        private final String[] texts;
        private final Set<String> textSet;
        private final Numeric[] numbers;
        /** The text values that spell numbers, for attributes set as numbers. */
        private final Numeric[] numbersInTexts;
        private final Boolean[] booleans;
        private final boolean ignoreCase;
        /** Whether any value is a number (or spells one): else a text mismatch needs no numeric comparison. */
        private final boolean numeric;

        Equals(String name, boolean inverted, String[] texts, Numeric[] numbers, Boolean[] booleans,
                boolean ignoreCase) {
            super(name, inverted);
            this.texts = texts;
            this.numbersInTexts = Arrays.stream(texts).map(Numeric::parse).filter(Objects::nonNull)
                    .toArray(Numeric[]::new);
            this.textSet = !ignoreCase && texts.length > 4 ? new HashSet<>(Arrays.asList(texts)) : null;
            this.numbers = numbers;
            this.booleans = booleans;
            this.ignoreCase = ignoreCase;
            this.numeric = numbers.length != 0 || numbersInTexts.length != 0;
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            String text = attribute.text;
            if (textSet != null) {
                if (textSet.contains(text)) {
                    return true;
                }
            } else {
                for (String value : texts) {
                    if (ignoreCase ? value.equalsIgnoreCase(text) : value.equals(text)) {
                        return true;
                    }
                }
            }
            if (!numeric && booleans.length == 0) {
                return false;
            }
            Numeric number = attribute.number;
            if (number != null && (contains(numbers, number)
                    || attribute.raw instanceof Number && contains(numbersInTexts, number))) {
                return true;
            }
            Boolean bool = attribute.bool;
            if (bool != null) {
                for (Boolean value : booleans) {
                    if (value == bool) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static boolean contains(Numeric[] values, Numeric number) {
        for (Numeric value : values) {
            if (number.compareTo(value) == 0) {
                return true;
            }
        }
        return false;
    }

    enum TextOperator { STARTS_WITH, ENDS_WITH, CONTAINS }

    static final class Text extends OnAttribute {
        private final TextOperator operator;
        private final String[] values;
        private final boolean ignoreCase;

        Text(String name, TextOperator operator, String[] values, boolean ignoreCase) {
            super(name, false);
            this.operator = operator;
            this.values = values;
            this.ignoreCase = ignoreCase;
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            String text = attribute.text;
            for (String value : values) {
                if (test(text, value)) {
                    return true;
                }
            }
            return false;
        }

        private boolean test(String text, String value) {
            int room = text.length() - value.length();
            if (room < 0) {
                return false;
            }
            switch (operator) {
                case STARTS_WITH:
                    return text.regionMatches(ignoreCase, 0, value, 0, value.length());
                case ENDS_WITH:
                    return text.regionMatches(ignoreCase, room, value, 0, value.length());
                default:
                    if (!ignoreCase) {
                        return text.contains(value);
                    }
                    for (int offset = 0; offset <= room; offset++) {
                        if (text.regionMatches(true, offset, value, 0, value.length())) {
                            return true;
                        }
                    }
                    return false;
            }
        }
    }

    /** RE2 syntax, find semantics. The only operator that allocates when it tests (RE2/J's matcher). */
    static final class Matches extends OnAttribute {
        private final Pattern[] patterns;

        Matches(String name, Pattern[] patterns) {
            super(name, false);
            this.patterns = patterns;
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            for (Pattern pattern : patterns) {
                if (pattern.matcher(attribute.text).find()) {
                    return true;
                }
            }
            return false;
        }
    }

    /** How a comparison result (negative, zero, positive) is read by lt, lte, gt, gte and their kin. */
    enum Comparison {
        EQ, LT, LTE, GT, GTE;

        boolean holds(int comparison) {
            switch (this) {
                case EQ: return comparison == 0;
                case LT: return comparison < 0;
                case LTE: return comparison <= 0;
                case GT: return comparison > 0;
                default: return comparison >= 0;
            }
        }
    }

    static final class NumberCompare extends OnAttribute {
        private final Comparison comparison;
        private final Numeric[] values;

        NumberCompare(String name, Comparison comparison, Numeric[] values) {
            super(name, false);
            this.comparison = comparison;
            this.values = values;
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            Numeric number = attribute.number;
            if (number == null) {
                return false;
            }
            for (Numeric value : values) {
                if (comparison.holds(number.compareTo(value))) {
                    return true;
                }
            }
            return false;
        }
    }

    static final class VersionCompare extends OnAttribute {
        private final Comparison comparison;
        private final SemanticVersion[] values;

        VersionCompare(String name, Comparison comparison, SemanticVersion[] values) {
            super(name, false);
            this.comparison = comparison;
            this.values = values;
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            SemanticVersion version = attribute.version;
            if (version == null) {
                return false;
            }
            for (SemanticVersion value : values) {
                if (comparison.holds(version.compareTo(value))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** before / after on an attribute's instant: strict comparison. */
    static final class InstantCompare extends OnAttribute {
        private final Comparison comparison;
        private final long[] values;

        InstantCompare(String name, Comparison comparison, long[] values) {
            super(name, false);
            this.comparison = comparison;
            this.values = values;
        }

        @Override
        boolean test(Attribute attribute, EvaluationScope scope) {
            return attribute.instant != Attribute.NO_INSTANT && holds(comparison, attribute.instant, values);
        }
    }

    /** before / after without an attribute: tests the evaluation time, for scheduled releases. */
    static final class Now implements Condition {
        private final Comparison comparison;
        private final long[] values;

        Now(Comparison comparison, long[] values) {
            this.comparison = comparison;
            this.values = values;
        }

        @Override
        public boolean matches(Attributes context, EvaluationScope scope) {
            return holds(comparison, scope.millis(), values);
        }
    }

    private static boolean holds(Comparison comparison, long instant, long[] values) {
        for (long value : values) {
            if (comparison.holds(Long.compare(instant, value))) {
                return true;
            }
        }
        return false;
    }

    static final class InSegment implements Condition {
        private final Segment[] segments;

        InSegment(Segment[] segments) {
            this.segments = segments;
        }

        @Override
        public boolean matches(Attributes context, EvaluationScope scope) {
            for (Segment segment : segments) {
                if (segment.contains(context, scope)) {
                    return true;
                }
            }
            return false;
        }
    }
}
