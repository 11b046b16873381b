package dev.flags.internal;

import dev.flags.ErrorCode;
import dev.flags.Evaluation;
import dev.flags.Reason;

/**
 * One way an evaluation can end: a variant (or the caller's default), a reason, and what decided. A flag's
 * outcomes are enumerated when its document is compiled, with the {@link Evaluation} of each typed read built
 * in advance, so evaluation returns them without allocating.
 */
public final class Outcome {

    static final Outcome NOT_READY = failure(null, ErrorCode.PROVIDER_NOT_READY,
            "no flag document has been loaded yet", null);
    static final Outcome NOT_FOUND = failure(null, ErrorCode.FLAG_NOT_FOUND, "no source defines this flag", null);
    static final Outcome NULL_KEY = failure(null, ErrorCode.FLAG_NOT_FOUND, "the flag key is null", null);
    static final Outcome NULL_CONTEXT = failure(null, ErrorCode.GENERAL,
            "the context is null: pass FlagContext.anonymous() to evaluate without one", null);

    final String flagKey;
    /** The variant served, or null when the caller's default is served. */
    final Variant variant;
    final Reason reason;
    final ErrorCode errorCode;
    final String errorMessage;
    final int ruleIndex;
    final String ruleName;
    final String source;
    /** Whether its flag has a guard, whose statistics need every evaluation counted. */
    final boolean guarded;

    /** Whether a boolean is served, and which: kept here so that isEnabled reads no further than the outcome. */
    private final boolean servesBoolean;
    private final boolean booleanServed;
    private final Evaluation<Boolean> asBoolean;
    private final Evaluation<String> asString;
    private final Evaluation<Long> asLong;
    private final Evaluation<Double> asDouble;
    private final Evaluation<Object> asObject;

    Outcome(String flagKey, Variant variant, Reason reason, ErrorCode errorCode, String errorMessage, int ruleIndex,
            String ruleName, String source) {
        this.flagKey = flagKey;
        this.variant = variant;
        this.reason = reason;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        this.ruleIndex = ruleIndex;
        this.ruleName = ruleName;
        this.source = source;
        boolean served = variant != null;
        this.servesBoolean = served && variant.isBoolean;
        this.booleanServed = servesBoolean && variant.booleanValue;
        this.asBoolean = served && variant.isBoolean ? evaluation(variant.booleanValue) : null;
        this.asString = served && variant.isString ? evaluation((String) variant.value) : null;
        this.asLong = served && variant.isLong ? evaluation(variant.longValue) : null;
        this.asDouble = served && variant.isNumber ? evaluation(variant.doubleValue) : null;
        this.asObject = served ? evaluation(variant.value) : null;
        this.guarded = served && variant.events != null;
    }

    /** Counts an evaluation that ended here against the variant served, if any. */
    void count() {
        Variant served = variant;
        if (served != null) {
            served.evaluations.increment();
        }
    }

    static Outcome served(String flagKey, Variant variant, Reason reason, int ruleIndex, String ruleName,
            String source) {
        return new Outcome(flagKey, variant, reason, null, null, ruleIndex, ruleName, source);
    }

    static Outcome failure(String flagKey, ErrorCode code, String message, String source) {
        return new Outcome(flagKey, null, Reason.ERROR, code, message, -1, null, source);
    }

    private <T> Evaluation<T> evaluation(T value) {
        return new Evaluation<>(flagKey, value, variant.name, reason, null, null, ruleIndex, ruleName, source);
    }

    public boolean booleanValue(boolean defaultValue) {
        return servesBoolean ? booleanServed : defaultValue;
    }

    public String stringValue(String defaultValue) {
        return asString != null ? (String) variant.value : defaultValue;
    }

    public long longValue(long defaultValue) {
        return asLong != null ? variant.longValue : defaultValue;
    }

    public double doubleValue(double defaultValue) {
        return asDouble != null ? variant.doubleValue : defaultValue;
    }

    public Object objectValue(Object defaultValue) {
        return asObject != null ? variant.value : defaultValue;
    }

    public Evaluation<Boolean> asBoolean(String key, boolean defaultValue) {
        return asBoolean != null ? asBoolean : fallback(key, defaultValue, "boolean");
    }

    public Evaluation<String> asString(String key, String defaultValue) {
        return asString != null ? asString : fallback(key, defaultValue, "string");
    }

    public Evaluation<Long> asLong(String key, long defaultValue) {
        return asLong != null ? asLong : fallback(key, defaultValue, "integer");
    }

    public Evaluation<Double> asDouble(String key, double defaultValue) {
        return asDouble != null ? asDouble : fallback(key, defaultValue, "number");
    }

    public Evaluation<Object> asObject(String key, Object defaultValue) {
        return asObject != null ? asObject : fallback(key, defaultValue, "value");
    }

    /** The caller's default: after an error, when no variant is served, or when the variant has another type. */
    private <T> Evaluation<T> fallback(String key, T defaultValue, String type) {
        if (variant != null) {
            return new Evaluation<>(key, defaultValue, null, Reason.ERROR, ErrorCode.TYPE_MISMATCH,
                    "variant '" + variant.name + "' is not a " + type + ": " + variant.value, ruleIndex, ruleName,
                    source);
        }
        return new Evaluation<>(key, defaultValue, null, reason, errorCode, errorMessage, ruleIndex, ruleName, source);
    }
}
