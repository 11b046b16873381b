package dev.flags;

/**
 * Why an evaluation produced its value. The names are OpenFeature's resolution reasons plus ours, so an
 * OpenFeature provider maps them one to one.
 */
public enum Reason {
    /** The flag has no targeting: every context gets the same variant. */
    STATIC,
    /** An individual target or a rule's condition selected the variant. */
    TARGETING_MATCH,
    /** A percentage rollout selected the variant from the context's bucket. */
    SPLIT,
    /** No rule matched and the flag's {@code default} block decided. */
    DEFAULT,
    /** The flag's kill switch is off ({@code enabled: false}). */
    DISABLED,
    /** A prerequisite flag did not serve the variant it requires. */
    PREREQUISITE_FAILED,
    /** A local override ({@link FeatureFlags#overrides()}) decided. */
    OVERRIDE,
    /** The caller's default was returned because of an error; see {@link Evaluation#errorCode()}. */
    ERROR
}
