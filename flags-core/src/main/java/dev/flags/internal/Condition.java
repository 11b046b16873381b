package dev.flags.internal;

import java.time.Clock;

/** A compiled rule condition. Implementations are immutable and allocate nothing when they test. */
interface Condition {

    boolean matches(Attributes context, Clock clock);
}
