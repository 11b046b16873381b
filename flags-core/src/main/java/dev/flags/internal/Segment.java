package dev.flags.internal;

import java.time.Clock;
import java.util.Set;

/** A named group of contexts: keys always in, keys never in, and everyone matching all of its conditions. */
final class Segment {

    final String name;
    private final Set<String> include;
    private final Set<String> exclude;
    private final Condition[] when;

    Segment(String name, Set<String> include, Set<String> exclude, Condition[] when) {
        this.name = name;
        this.include = include;
        this.exclude = exclude;
        this.when = when;
    }

    boolean contains(Attributes context, Clock clock) {
        Attribute key = context.key();
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
            if (!condition.matches(context, clock)) {
                return false;
            }
        }
        return true;
    }
}
