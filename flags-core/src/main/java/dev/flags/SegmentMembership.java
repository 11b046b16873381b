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

    boolean contains(String segment, String key) throws Exception;

    @Override
    default void close() {
    }
}
