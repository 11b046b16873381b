package dev.flags.test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/** Writes the plain Java values a flag variant may hold as JSON, rejecting anything else with a clear message. */
final class Json {

    private Json() {
    }

    /**
     * The value as JSON text.
     *
     * @throws IllegalArgumentException for a null, a non-finite number, a map key that is not a string, or a type
     *                                  other than boolean, string, number, collection and map
     */
    static String write(Object value) {
        StringBuilder text = new StringBuilder();
        write(value, text);
        return text.toString();
    }

    private static void write(Object value, StringBuilder text) {
        if (value == null) {
            throw new IllegalArgumentException("a variant's value must not be null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger) {
            text.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("a variant's value must be a finite number, not " + value);
            }
            text.append(value);
        } else if (value instanceof BigDecimal decimal) {
            text.append(decimal.toString());
        } else if (value instanceof CharSequence string) {
            string(string.toString(), text);
        } else if (value instanceof Map<?, ?> map) {
            object(map, text);
        } else if (value instanceof Collection<?> list) {
            text.append('[');
            String separator = "";
            for (Object element : list) {
                text.append(separator);
                write(element, text);
                separator = ",";
            }
            text.append(']');
        } else {
            throw new IllegalArgumentException("a variant's value must be a boolean, string, number, list or map, not "
                    + value.getClass().getName());
        }
    }

    private static void object(Map<?, ?> map, StringBuilder text) {
        text.append('{');
        String separator = "";
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map keys must be strings, not " + entry.getKey());
            }
            text.append(separator);
            string(key, text);
            text.append(':');
            write(entry.getValue(), text);
            separator = ",";
        }
        text.append('}');
    }

    private static void string(String value, StringBuilder text) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                default -> {
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }
}
