package dev.flags.remote.internal;

import dev.flags.remote.HttpFlagSource.Builder;
import io.github.resilience4j.core.IntervalFunction;

/**
 * How long to wait after a failed attempt (the first attempt is 1): {@code retry} between the attempts of one
 * fetch, {@code reconnect} before the event stream connects again. Replaceable in tests.
 */
public record Backoff(IntervalFunction retry, IntervalFunction reconnect) {

    /** Exponential, doubling, with +-50% jitter, between the bounds the builder's constants name. */
    public static final Backoff DEFAULT = new Backoff(
            IntervalFunction.ofExponentialRandomBackoff(Builder.RETRY_INITIAL_BACKOFF, 2.0, 0.5,
                    Builder.RETRY_MAX_BACKOFF),
            IntervalFunction.ofExponentialRandomBackoff(Builder.RECONNECT_INITIAL_BACKOFF, 2.0, 0.5,
                    Builder.RECONNECT_MAX_BACKOFF));
}
