package dev.flags.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Walks the {@link Users} round-robin, one cursor per measuring thread, so that every call evaluates for another
 * user (and a rollout's answer cannot be predicted by the branch predictor from the previous call's).
 */
@State(Scope.Thread)
public class Cursor {

    private int next;

    /** The index of the next user, in {@code [0, Users.COUNT)}. */
    public int next() {
        next = (next + 1) & (Users.COUNT - 1);
        return next;
    }
}
