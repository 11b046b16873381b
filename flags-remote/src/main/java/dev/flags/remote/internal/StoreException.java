package dev.flags.remote.internal;

import java.time.Duration;

/** Why a request to the store failed, and what the client does about it. Messages never carry secrets. */
final class StoreException extends Exception {

    private static final long serialVersionUID = 1L;

    enum Kind {
        /** Network errors, timeouts, 5xx: retried with backoff, counted by the circuit breaker. */
        TRANSIENT,
        /** 429 or 503 with Retry-After: not retried before that time. */
        THROTTLED,
        /** 401 or 403: the client stops asking until it is reconfigured. */
        DENIED,
        /** A response that cannot be a document: wrong content type, empty, too large. */
        UNUSABLE
    }

    final Kind kind;
    /** For THROTTLED: how long the store asked us to wait. */
    final transient Duration retryAfter;

    StoreException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    StoreException(Kind kind, String message) {
        this(kind, message, null, null);
    }
}
