package dev.flags;

import java.time.Duration;

/**
 * Watches a client from outside: metrics, exposure logs, tests. Register with
 * {@link FeatureFlags.Builder#observer(FlagObserver)} or {@link FeatureFlags#observe(FlagObserver)}.
 *
 * <p>{@link #onEvaluation} runs on the caller's thread inside every evaluation: keep it fast and
 * allocation-free. The evaluations it receives for successful lookups are precomputed, so observing costs no
 * allocation. Whatever an observer throws, an {@link Error} included, is swallowed: evaluation never throws.
 */
public interface FlagObserver {

    /** Called after every evaluation, with the result and the context it was made for. */
    default void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
    }

    /**
     * Called when the client's status changes: its state, revision or current error. Runs on the client's events
     * thread, in order with change listeners.
     */
    default void onStatusChange(FlagsStatus status) {
    }

    /**
     * Called after each attempt of a source to sync (a remote source's fetch), with how long it took and
     * whether it succeeded. Runs on the source's thread.
     */
    default void onSync(String source, Duration took, boolean success) {
    }
}
