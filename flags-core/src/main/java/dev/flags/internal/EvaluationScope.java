package dev.flags.internal;

import java.time.Clock;

/**
 * What an evaluation may consult besides the snapshot and the context: the clock, and the caches in front of
 * a client's flag store and segment membership. One per client, immutable.
 */
final class EvaluationScope {

    private final Clock clock;
    /** Null when the client has no flag store. */
    final StoreFlags store;
    /** Null when the client has no segment membership. */
    final MembershipCache membership;

    EvaluationScope(Clock clock, StoreFlags store, MembershipCache membership) {
        this.clock = clock;
        this.store = store;
        this.membership = membership;
    }

    long millis() {
        return clock.millis();
    }
}
