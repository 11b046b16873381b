package dev.flags.model;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A named group of contexts that conditions test with {@code inSegment}: keys always in, keys never in (beats
 * the rest), and everyone matching all of its conditions; or an external segment whose members the client's
 * {@code SegmentMembership} answers.
 *
 * <pre>{@code
 * Segment.including("user-1", "user-2").withExclude(List.of("user-3"));
 * Segment.matching(Condition.of("email", "endsWith", "@example.com"));
 * Segment.externalSegment();
 * }</pre>
 *
 * @param description a note for people, or null
 * @param include     keys always in
 * @param exclude     keys never in
 * @param when        conditions all of which make a context a member (none: only the listed keys are)
 * @param external    true when the client's {@code SegmentMembership} answers (then the lists are empty)
 */
public record Segment(@Nullable String description, List<String> include, List<String> exclude, List<Condition> when,
        boolean external) {

    public Segment {
        include = Values.list(include, "include");
        exclude = Values.list(exclude, "exclude");
        when = Values.list(when, "when");
    }

    /** A segment of these keys. */
    public static Segment including(String... keys) {
        return new Segment(null, Arrays.asList(keys), List.of(), List.of(), false);
    }

    /** A segment of everyone matching all these conditions. */
    public static Segment matching(Condition... conditions) {
        return new Segment(null, List.of(), List.of(), Arrays.asList(conditions), false);
    }

    /** A segment whose members the client's {@code SegmentMembership} answers. */
    public static Segment externalSegment() {
        return new Segment(null, List.of(), List.of(), List.of(), true);
    }

    /** This segment with other keys always in. */
    public Segment withInclude(List<String> keys) {
        return new Segment(description, keys, exclude, when, external);
    }

    /** This segment with other keys never in. */
    public Segment withExclude(List<String> keys) {
        return new Segment(description, include, keys, when, external);
    }

    /** This segment with other conditions. */
    public Segment withWhen(List<Condition> conditions) {
        return new Segment(description, include, exclude, conditions, external);
    }

    /** This segment with another description (null: none). */
    public Segment withDescription(@Nullable String text) {
        return new Segment(text, include, exclude, when, external);
    }
}
