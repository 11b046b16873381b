package dev.flags;

import org.jspecify.annotations.Nullable;

/**
 * The result of evaluating one flag for one context, with the reasons behind it.
 *
 * <p>Successful evaluations of a flag are precomputed when its document is loaded, so obtaining one allocates
 * nothing. Instances are immutable and safe to share.
 *
 * @param flagKey      the key that was evaluated (may be null if the caller passed null)
 * @param value        the value served: the variant's value, or the caller's default on error
 * @param variant      the name of the variant served; null when the caller's default was returned
 * @param reason       why this value was served
 * @param errorCode    what went wrong; null on success
 * @param errorMessage a readable explanation of the error; null on success
 * @param ruleIndex    the index of the rule that decided (0-based), or -1 when no rule decided
 * @param ruleName     the name of that rule, {@code "targets"} for an individual target; null otherwise
 * @param source       the name of the flag source whose document answered; null when none did
 * @param <T>          the value type
 */
public record Evaluation<T>(
        @Nullable String flagKey,
        T value,
        @Nullable String variant,
        Reason reason,
        @Nullable ErrorCode errorCode,
        @Nullable String errorMessage,
        int ruleIndex,
        @Nullable String ruleName,
        @Nullable String source) {

    /** True when the flag was evaluated without error (the value came from a variant, not the caller's default). */
    public boolean isSuccess() {
        return errorCode == null;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(64).append(flagKey).append(" = ").append(value);
        if (variant != null) {
            text.append(" (variant ").append(variant).append(')');
        }
        text.append(", ").append(reason);
        if (ruleIndex >= 0) {
            text.append(" by rule ").append(ruleIndex);
            if (ruleName != null) {
                text.append(" '").append(ruleName).append('\'');
            }
        } else if (ruleName != null) {
            text.append(" by ").append(ruleName);
        }
        if (errorCode != null) {
            text.append(", ").append(errorCode).append(": ").append(errorMessage);
        }
        if (source != null) {
            text.append(", from ").append(source);
        }
        return text.toString();
    }
}
