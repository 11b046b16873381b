package dev.flags.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One context attribute, parsed once when the context is built into every form a condition may compare it
 * as, so evaluation never parses. Immutable.
 */
public final class Attribute {

    static final long NO_INSTANT = Long.MIN_VALUE;

    /** The value as the caller set it (for lists, an unmodifiable list of those values). */
    final Object raw;
    /** The text form: the string itself, or the canonical spelling of a number or boolean; null for lists. */
    final String text;
    /** The numeric value, or null when the value is not a number (a string that parses as one counts). */
    final Numeric number;
    /** The value as a semantic version, or null. */
    final SemanticVersion version;
    /** Epoch milliseconds of an instant (or of a number, or an ISO-8601 string), or {@link #NO_INSTANT}. */
    final long instant;
    /** Boolean.TRUE / FALSE for booleans and the strings "true" / "false", else null. */
    final Boolean bool;
    /** The elements of a multi-valued attribute, or null for a single value. */
    final Attribute[] elements;
    /** The UTF-8 bytes of the text, which rollouts hash: kept for the targeting key only, else null. */
    final byte[] utf8;

    private Attribute(Object raw, String text, Numeric number, SemanticVersion version, long instant, Boolean bool,
            Attribute[] elements) {
        this(raw, text, number, version, instant, bool, elements, null);
    }

    private Attribute(Object raw, String text, Numeric number, SemanticVersion version, long instant, Boolean bool,
            Attribute[] elements, byte[] utf8) {
        this.raw = raw;
        this.text = text;
        this.number = number;
        this.version = version;
        this.instant = instant;
        this.bool = bool;
        this.elements = elements;
        this.utf8 = utf8;
    }

    public static Attribute of(String value) {
        return of(value, null);
    }

    /** The targeting key: an attribute that keeps its UTF-8 bytes too, so sticky rollouts hash without encoding. */
    static Attribute targetingKey(String key) {
        return of(key, key.getBytes(StandardCharsets.UTF_8));
    }

    private static Attribute of(String value, byte[] utf8) {
        Numeric number = Numeric.parse(value);
        long instant = number == null ? parseInstant(value) : (long) number.value();
        Boolean bool = "true".equals(value) ? Boolean.TRUE : "false".equals(value) ? Boolean.FALSE : null;
        return new Attribute(value, value, number, SemanticVersion.parse(value), instant, bool, null, utf8);
    }

    public static Attribute of(long value) {
        return whole(value, value);
    }

    public static Attribute of(double value) {
        return fraction(value, value);
    }

    /** A whole number, compared exactly; {@code raw} is the value as the caller set it. */
    private static Attribute whole(Object raw, long value) {
        String text = Long.toString(value);
        return new Attribute(raw, text, Numeric.of(value), SemanticVersion.parse(text), value, null, null);
    }

    /** Any other number, compared as a double. */
    private static Attribute fraction(Object raw, double value) {
        Numeric number = Numeric.of(value);
        long instant = Double.isFinite(value) ? (long) value : NO_INSTANT;
        return new Attribute(raw, number == null ? "NaN" : number.toString(), number, null, instant, null, null);
    }

    public static Attribute of(boolean value) {
        return new Attribute(value, Boolean.toString(value), null, null, NO_INSTANT, value, null);
    }

    public static Attribute of(Instant value) {
        return new Attribute(value, value.toString(), null, null, epochMillis(value), null, null);
    }

    /**
     * Epoch milliseconds, saturated: an instant beyond what a long holds in milliseconds ({@link Instant#MAX}, a
     * common "never expires") is still after (or before) every instant a document can name.
     */
    private static long epochMillis(Instant value) {
        try {
            return value.toEpochMilli();
        } catch (ArithmeticException e) {
            return value.isBefore(Instant.EPOCH) ? NO_INSTANT + 1 : Long.MAX_VALUE;
        }
    }

    public static Attribute ofList(Collection<?> values) {
        Attribute[] elements = new Attribute[values.size()];
        int i = 0;
        for (Object value : values) {
            if (value == null || value instanceof Collection<?>) {
                throw new IllegalArgumentException("list attributes hold strings, numbers, booleans or instants, not "
                        + (value == null ? "null" : "nested lists"));
            }
            elements[i++] = ofObject(value);
        }
        return new Attribute(List.copyOf(values), null, null, null, NO_INSTANT, null, elements);
    }

    public static Attribute ofObject(Object value) {
        if (value instanceof String s) {
            return of(s);
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte || value instanceof AtomicLong || value instanceof AtomicInteger) {
            return of(((Number) value).longValue());
        } else if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? whole(big, big.longValue()) : fraction(big, big.doubleValue());
        } else if (value instanceof BigDecimal decimal) {
            return decimal(decimal);
        } else if (value instanceof Number n) {
            return of(n.doubleValue());
        } else if (value instanceof Boolean b) {
            return of(b.booleanValue());
        } else if (value instanceof Instant i) {
            return of(i);
        } else if (value instanceof Collection<?> c) {
            return ofList(c);
        }
        throw new IllegalArgumentException("unsupported attribute type " + value.getClass().getName()
                + ": use a String, Number, Boolean, Instant or a Collection of those");
    }

    /** Exactly when whole and within a long's range (ids beyond 2^53 stay distinct), else as a double. */
    private static Attribute decimal(BigDecimal decimal) {
        try {
            return whole(decimal, decimal.longValueExact());
        } catch (ArithmeticException fractionalOrBeyondLong) {
            return fraction(decimal, decimal.doubleValue());
        }
    }

    private static long parseInstant(String value) {
        // Cheap shape check first: most strings (ids, countries) are not dates and must not pay for a parse.
        if (value.length() < 17 || value.charAt(4) != '-' || value.charAt(10) != 'T') {
            return NO_INSTANT;
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return NO_INSTANT;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attribute that && raw.equals(that.raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return String.valueOf(raw);
    }
}
