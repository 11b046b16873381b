package dev.flags.spring;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Marks the evaluations the {@code flags} actuator endpoint makes for an operator (a support person looking up
 * what a user gets), so that they are not counted as the application's own: {@link FlagsMetrics} leaves them out,
 * and an observer of the application's that logs exposures (who saw which variant, for experiments) should too:
 *
 * <pre>{@code
 * public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
 *     if (!OperatorEvaluations.inProgress()) {
 *         exposures.log(evaluation, context);
 *     }
 * }
 * }</pre>
 *
 * <p>The mark is held by the thread that evaluates, for the duration of the lookup. Checking it costs one volatile
 * read while no lookup runs anywhere.
 */
public final class OperatorEvaluations {

    private static final ThreadLocal<Boolean> ON_THIS_THREAD = new ThreadLocal<>();
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private OperatorEvaluations() {
    }

    /** Whether the current thread is evaluating for the actuator endpoint, not for the application. */
    public static boolean inProgress() {
        return RUNNING.get() > 0 && ON_THIS_THREAD.get() != null;
    }

    /** Runs the lookup with the mark set on this thread. */
    static <T> T run(Supplier<T> lookup) {
        if (ON_THIS_THREAD.get() != null) {
            return lookup.get();
        }
        RUNNING.incrementAndGet();
        ON_THIS_THREAD.set(Boolean.TRUE);
        try {
            return lookup.get();
        } finally {
            ON_THIS_THREAD.remove();
            RUNNING.decrementAndGet();
        }
    }
}
