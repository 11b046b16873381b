package dev.flags.model;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A whole flag document: an environment's flags and the segments they share, and the store's revision. Flags and
 * segments are kept sorted by key, so iterating (and writing) equal documents gives the same order. Immutable:
 *
 * <pre>{@code
 * FlagDocument next = document
 *         .withFlag("new-checkout", document.flag("new-checkout").orElseThrow().withDefaultRollout(25))
 *         .withoutFlag("old-banner")
 *         .withRevision(43L);
 * }</pre>
 *
 * @param revision the store's revision, or null when the document has none
 * @param segments the segments by name, sorted
 * @param flags    the flags by key, sorted
 */
public record FlagDocument(@Nullable Long revision, Map<String, Segment> segments, Map<String, FlagDefinition> flags) {

    /** Copies both maps, sorted by key. */
    public FlagDocument {
        segments = Values.sorted(segments, "segments");
        flags = Values.sorted(flags, "flags");
    }

    /** A document without revision, segments or flags. */
    public static FlagDocument empty() {
        return new FlagDocument(null, Map.of(), Map.of());
    }

    /** A document of these flags. */
    public static FlagDocument of(Map<String, FlagDefinition> flags) {
        return new FlagDocument(null, Map.of(), flags);
    }

    /** The flag with this key, if the document defines it. */
    public Optional<FlagDefinition> flag(String key) {
        return Optional.ofNullable(flags.get(key));
    }

    /** This document with another revision (null: none). */
    public FlagDocument withRevision(@Nullable Long revision) {
        return new FlagDocument(revision, segments, flags);
    }

    /** This document with the flag {@code key} added or replaced. */
    public FlagDocument withFlag(String key, FlagDefinition definition) {
        Map<String, FlagDefinition> next = new HashMap<>(flags);
        next.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(definition, "definition"));
        return new FlagDocument(revision, segments, next);
    }

    /** This document without the flag {@code key} (the same document when it has none). */
    public FlagDocument withoutFlag(String key) {
        if (!flags.containsKey(key)) {
            return this;
        }
        Map<String, FlagDefinition> next = new HashMap<>(flags);
        next.remove(key);
        return new FlagDocument(revision, segments, next);
    }

    /** This document with the segment {@code name} added or replaced. */
    public FlagDocument withSegment(String name, Segment segment) {
        Map<String, Segment> next = new HashMap<>(segments);
        next.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(segment, "segment"));
        return new FlagDocument(revision, next, flags);
    }

    /** This document without the segment {@code name}. */
    public FlagDocument withoutSegment(String name) {
        if (!segments.containsKey(name)) {
            return this;
        }
        Map<String, Segment> next = new HashMap<>(segments);
        next.remove(name);
        return new FlagDocument(revision, next, flags);
    }
}
