package dev.flags.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * A named value a flag can serve, with its value unpacked into every type it can be read as, so typed reads
 * neither box nor convert; and the counts of its use, which {@link Usage} reports.
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
    /** Evaluations that served it: counted for a guarded flag, and for every flag while usage is reported. */
    final LongAdder evaluations = new LongAdder();
    /** The guard's events tracked against it; null when its flag has no guard. */
    final LongAdder events;
    /** What {@link Usage} last reported of the counts; guarded by the Usage. */
    long reportedEvaluations;
    long reportedEvents;

    Variant(String name, Object value) {
        this(name, value, false);
    }

    Variant(String name, Object value, boolean guarded) {
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
        this.events = guarded ? new LongAdder() : null;
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
