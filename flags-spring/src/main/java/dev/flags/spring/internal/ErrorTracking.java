package dev.flags.spring.internal;

import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagObserver;
import dev.flags.spring.FlagsProperties;
import dev.flags.spring.OperatorEvaluations;
import java.util.Objects;

/**
 * Tracks the event {@code error} for the flags' release guards, as {@code flags.guards.*} asks: for a
 * {@code @FlagEnabled} method that threw ({@link #methodFailed}), and for a request that evaluated a guarded flag and ended
 * in a server error ({@link #open}, {@link #close}).
 *
 * <p>How a request knows it evaluated a guarded flag: this is a {@link FlagObserver} of the client, and while a request is
 * open on a thread, the first evaluation on that thread of a guarded flag ({@link FeatureFlags#isGuarded}) that
 * served a variant leaves its context in the thread's {@link Request} (which the thread keeps and reuses from one
 * request to the next). The observer runs inside every evaluation, so it reads a thread-local, looks the flag up and
 * writes a field: no lock, and no allocation but a thread's first thread-local entry. A request that evaluated no
 * guarded flag is never tracked. A request tracks at most one {@code error}: a method failure tracked during the request
 * is not tracked again when the request then ends in a 500.
 *
 * <p>Evaluations the actuator endpoint makes for an operator ({@link OperatorEvaluations}) do not count.
 * Thread-safe: each thread touches only its own {@link Request}.
 */
public final class ErrorTracking implements FlagObserver {

    private final FeatureFlags flags;
    private final boolean methodErrors;
    private final ThreadLocal<Request> requests = new ThreadLocal<>();

    public ErrorTracking(FeatureFlags flags, FlagsProperties.Guards properties) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.methodErrors = properties.trackMethodErrors();
    }

    /** What one thread knows of the request it serves. Reused by the thread from request to request. */
    static final class Request {
        private boolean open;
        private FlagContext context;
        private boolean tracked;
    }

    /**
     * A {@code @FlagEnabled} method (or its fallback) threw, after its flag was evaluated for this context: tracks
     * {@code error} for it when {@code flags.guards.track-method-errors} is on. Never throws.
     */
    void methodFailed(FlagContext context) {
        if (!methodErrors) {
            return;
        }
        Request request = requests.get();
        if (request != null && request.open) {
            if (request.tracked) {
                return;  // an outer @FlagEnabled method the same exception passes through, or a second failure
            }
            request.tracked = true;
        }
        flags.track(FlagsProperties.Guards.ERROR_EVENT, context);
    }

    /** Remembers the context of the current request's first evaluation of a guarded flag that served a variant. */
    @Override
    public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
        Request request = requests.get();
        if (request != null && request.open && request.context == null && evaluation.variant() != null
                && flags.isGuarded(evaluation.flagKey()) && !OperatorEvaluations.inProgress()) {
            request.context = context;
        }
    }

    /** A request starts on this thread. */
    Request open() {
        Request request = requests.get();
        if (request == null) {
            request = new Request();
            requests.set(request);
        }
        request.open = true;
        request.context = null;
        request.tracked = false;
        return request;
    }

    /**
     * The request ends: tracks {@code error} when it evaluated a guarded flag, failed, and no method failure was tracked for
     * it already.
     *
     * @param failed whether it ended in a server error
     */
    void close(Request request, boolean failed) {
        FlagContext context = request.context;
        boolean track = failed && context != null && !request.tracked;
        request.open = false;
        request.context = null;
        if (track) {
            flags.track(FlagsProperties.Guards.ERROR_EVENT, context);
        }
    }

    @Override
    public String toString() {
        return "ErrorTracking[methodErrors=" + methodErrors + "]";
    }
}
