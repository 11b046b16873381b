package dev.flags;

import org.jspecify.annotations.Nullable;

/**
 * Answers flag definitions one key at a time, for flags kept where a whole document does not fit: a database
 * table, a key-value store, a per-flag HTTP endpoint. Register with {@link FeatureFlags.Builder#store}.
 *
 * <p>The client never calls a store on the evaluation path. It keeps the compiled flags in a bounded cache
 * (see {@link StoreCaching}) that refreshes ahead of time on its own threads: a store is asked about a key
 * at most once per refresh interval, a key it does not have is cached as missing, and a store that fails keeps
 * serving what it last answered. Flags that a document source defines win over the store's.
 *
 * <p>Implementations must be thread-safe; {@code load} and {@code reload} may block (they run on the client's
 * {@code flags-store-N} threads) and may throw anything, an {@link Error} such as a missing driver's
 * {@code NoClassDefFoundError} included: the failure is cached as the key's answer (callers get their default
 * until the next refresh, or keep the last good definition), reported in {@link FeatureFlags#status()}, and
 * never reaches callers. A failing key is asked again once per refresh interval even when nobody reads it, so
 * the status turns fresh when the store is back.
 */
public interface FlagStore extends AutoCloseable {

    /** A short name for status and evaluation details; must not contain secrets. */
    String name();

    /** The flag's definition, or null when the store has no flag with this key. */
    @Nullable StoredFlag load(String flagKey) throws Exception;

    /**
     * The flag's definition again, for a refresh. Return {@code current} itself (or an equal value) when
     * nothing changed: a store that tracks revisions can answer that cheaply. The default loads again.
     */
    default @Nullable StoredFlag reload(String flagKey, StoredFlag current) throws Exception {
        return load(flagKey);
    }

    /** Releases the store's resources. The client calls it on {@link FeatureFlags#close()}. */
    @Override
    default void close() {
    }
}
