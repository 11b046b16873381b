package dev.flags.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Immutable copies of the values the model holds, checked on the way in. */
final class Values {

    private Values() {
    }

    /**
     * A JSON value as the model holds it: Boolean, String, Long, Double, or an unmodifiable List or Map (string
     * keys, declaration order) of those. Integers of any width become Long when they fit, other numbers Double.
     *
     * @throws IllegalArgumentException for a null, a non-finite number or any other type
     */
    static Object json(@Nullable Object value, String what) {
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Number number) {
            return number(number, what);
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((key, element) -> {
                if (!(key instanceof String name)) {
                    throw new IllegalArgumentException(what + ": object keys must be strings, not " + key);
                }
                copy.put(name, json(element, what));
            });
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof Collection<?> collection) {
            List<Object> copy = new ArrayList<>(collection.size());
            for (Object element : collection) {
                copy.add(json(element, what));
            }
            return Collections.unmodifiableList(copy);
        }
        throw new IllegalArgumentException(what + " must be a boolean, string, number, list or map, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    /** A condition's value: Boolean, String, Long or Double. */
    static Object scalar(@Nullable Object value, String what) {
        if (value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Number number) {
            return number(number, what);
        }
        throw new IllegalArgumentException(what + " must be a string, number or boolean, not "
                + (value == null ? "null" : value.getClass().getName()));
    }

    private static Object number(Number number, String what) {
        if (number instanceof Long || number instanceof Integer || number instanceof Short || number instanceof Byte) {
            return number.longValue();
        }
        if (number instanceof BigInteger big) {
            return big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
        }
        if (number instanceof BigDecimal decimal) {
            BigDecimal stripped = decimal.stripTrailingZeros();
            if (stripped.scale() <= 0 && stripped.toBigInteger().bitLength() < 64) {
                return stripped.longValueExact();
            }
            return decimal.doubleValue();
        }
        double value = number.doubleValue();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, not " + number);
        }
        return value;
    }

    static <T> List<T> list(List<T> list, String what) {
        Objects.requireNonNull(list, what);
        for (T element : list) {
            Objects.requireNonNull(element, () -> what + " must not hold null");
        }
        return List.copyOf(list);
    }

    /** An unmodifiable copy sorted by key, so that iterating it is the same for equal maps. */
    static <V> Map<String, V> sorted(Map<String, V> map, String what) {
        Objects.requireNonNull(map, what);
        Map<String, V> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(Objects.requireNonNull(key, () -> what + " must not have a null key"),
                Objects.requireNonNull(value, () -> what + " must not hold null")));
        return Collections.unmodifiableMap(copy);
    }
}
