package dev.flags.internal;


/** A compiled rule condition. Implementations are immutable and allocate nothing when they test. */
interface Condition {

    boolean matches(Attributes context, EvaluationScope scope);
}
