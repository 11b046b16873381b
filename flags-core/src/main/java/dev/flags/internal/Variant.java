package dev.flags.internal;

/**
 * A named value a flag can serve, with its value unpacked into every type it can be read as, so typed reads
 * neither box nor convert.
 */
final class Variant {

    final String name;
    /** Boolean, String, Long, Double, or an unmodifiable List / Map of those. */
    final Object value;
    final boolean isBoolean;
    final boolean booleanValue;
    final boolean isString;
    final boolean isLong;
    final long longValue;
    final boolean isNumber;
    final double doubleValue;

    Variant(String name, Object value) {
        this.name = name;
        this.value = value;
        this.isBoolean = value instanceof Boolean;
        this.booleanValue = isBoolean && (Boolean) value;
        this.isString = value instanceof String;
        this.isNumber = value instanceof Number;
        this.doubleValue = isNumber ? ((Number) value).doubleValue() : Double.NaN;
        this.isLong = value instanceof Long
                || (isNumber && doubleValue == Math.rint(doubleValue) && Math.abs(doubleValue) < 0x1p63);
        this.longValue = value instanceof Long l ? l : isLong ? (long) doubleValue : 0L;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
