package dev.flags.internal;

/** Number parsing and formatting shared by context attributes and condition values. */
final class Numbers {

    private Numbers() {
    }

    /**
     * Parses a decimal number ({@code 18}, {@code -2.5}, {@code 1e3}), or returns NaN. Strings that cannot be
     * numbers are turned away by a character scan, without the cost of an exception.
     */
    static double parse(String text) {
        int length = text.length();
        if (length == 0 || length > 64) {
            return Double.NaN;
        }
        boolean digit = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return Double.NaN;
            }
        }
        if (!digit) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Formats a double the way users write it: {@code 18} rather than {@code 18.0} when it is whole. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
