package dev.flags.internal;

import java.util.Set;

/** A named group of contexts: keys always in, keys never in, and everyone matching all of its conditions. */
final class Segment {

    final String name;
    private final Set<String> include;
    private final Set<String> exclude;
    private final Condition[] when;
    /** Membership is answered by the client's SegmentMembership, not listed here. */
    private final boolean external;

    Segment(String name, Set<String> include, Set<String> exclude, Condition[] when) {
        this(name, include, exclude, when, false);
    }

    private Segment(String name, Set<String> include, Set<String> exclude, Condition[] when, boolean external) {
        this.name = name;
        this.include = include;
        this.exclude = exclude;
        this.when = when;
        this.external = external;
    }

    static Segment external(String name) {
        return new Segment(name, Set.of(), Set.of(), new Condition[0], true);
    }

    boolean contains(Attributes context, EvaluationScope scope) {
        Attribute key = context.key();
        if (external) {
            return key != null && scope.membership != null && scope.membership.contains(name, key.text);
        }
        if (key != null) {
            if (exclude.contains(key.text)) {
                return false;
            }
            if (include.contains(key.text)) {
                return true;
            }
        }
        if (when.length == 0) {
            return false;
        }
        for (Condition condition : when) {
            if (!condition.matches(context, scope)) {
                return false;
            }
        }
        return true;
    }
}
