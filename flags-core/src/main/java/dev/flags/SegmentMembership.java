package dev.flags;

/**
 * Answers "is this key in that segment" for segments too large to list in a document: a customer tier
 * table, an experiment's population. Register with {@link FeatureFlags.Builder#segments}. Documents name
 * such segments as {@code segments: { big-customers: { external: true } }}; flags from a {@link FlagStore}
 * may name them directly.
 *
 * <p>Answers are cached like a store's flags (see {@link StoreCaching}); a key the membership cannot answer
 * for in time, or at all, is taken as not in the segment. Implementations must be thread-safe and may block.
 */
public interface SegmentMembership extends AutoCloseable {

    /** A short name for status; must not contain secrets. */
    String name();

    /**
     * Whether the key is in the segment. Called on the client's {@code flags-segments-N} threads, at most once
     * per key and refresh interval; whatever it throws (an {@link Error} included) counts as "not in the
     * segment" (or the last answer, on a refresh) and shows in {@link FeatureFlags#status()}.
     */
    boolean contains(String segment, String key) throws Exception;

    /** Releases the membership's resources. The client calls it on {@link FeatureFlags#close()}. */
    @Override
    default void close() {
    }
}
