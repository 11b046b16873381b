package dev.flags.internal;

/**
 * A number as conditions compare it: whole numbers exactly (as longs, so ids beyond 2^53 stay distinct),
 * everything else as doubles, and {@code -0} equal to {@code 0}. Immutable.
 */
final class Numeric {

    private final double value;
    private final boolean whole;
    private final long exact;

    private Numeric(double value, boolean whole, long exact) {
        this.value = value;
        this.whole = whole;
        this.exact = exact;
    }

    static Numeric of(long value) {
        return new Numeric(value, true, value);
    }

    static Numeric of(double value) {
        if (Double.isNaN(value)) {
            return null;
        }
        boolean whole = value == Math.rint(value) && Math.abs(value) < 0x1p63;
        return new Numeric(value, whole, whole ? (long) value : 0);
    }

    /**
     * Parses a decimal number ({@code 18}, {@code -2.5}, {@code 1e3}), or returns null. Strings that cannot be
     * numbers are turned away by a character scan, without the cost of an exception.
     */
    static Numeric parse(String text) {
        int length = text.length();
        if (length == 0 || length > 64) {
            return null;
        }
        boolean digit = false;
        boolean integer = true;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '-' || c == '+') {
                integer &= i == 0;
            } else if (c == '.' || c == 'e' || c == 'E') {
                integer = false;
            } else {
                return null;
            }
        }
        if (!digit) {
            return null;
        }
        try {
            if (integer) {
                return of(Long.parseLong(text));
            }
            return of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            try {
                return of(Double.parseDouble(text));
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
    }

    double value() {
        return value;
    }

    /** Negative, zero or positive as this number is less than, equal to or greater than the other. */
    int compareTo(Numeric other) {
        if (whole && other.whole) {
            return Long.compare(exact, other.exact);
        }
        return value < other.value ? -1 : value > other.value ? 1 : 0;
    }

    /** The spelling users write: {@code 18} rather than {@code 18.0} when whole. */
    @Override
    public String toString() {
        return whole ? Long.toString(exact) : Double.toString(value);
    }
}
