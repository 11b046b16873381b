package dev.flags;

/** What went wrong when an evaluation answered with the caller's default and {@link Reason#ERROR}. */
public enum ErrorCode {
    /** No flag with that key exists in any source (or the key was null). */
    FLAG_NOT_FOUND,
    /** The flag's variant is not of the requested type (a string flag read with {@code getBoolean}). */
    TYPE_MISMATCH,
    /** A rollout needs the targeting key (or its {@code by} attribute) and the context has none. */
    TARGETING_KEY_MISSING,
    /** The flag could not be used because its definition was invalid. */
    PARSE_ERROR,
    /** No flag document has been loaded yet. */
    PROVIDER_NOT_READY,
    /** Anything else: a null context, an override naming a variant the flag lacks, a prerequisite chain too deep. */
    GENERAL
}
