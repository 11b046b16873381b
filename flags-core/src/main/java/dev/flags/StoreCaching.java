package dev.flags;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client caches what its {@link FlagStore} and {@link SegmentMembership} answer.
 *
 * @param refreshAfter      how old an answer may get before it is refreshed in the background (the caller
 *                          keeps getting the current one meanwhile); a store is asked about a key at most
 *                          once per this interval
 * @param expireAfterAccess how long an answer nobody asks for is kept
 * @param maximumSize       how many answers are kept at most (least recently used ones go first)
 * @param coldTimeout       how long an evaluation waits for a key nobody asked for before (the first load);
 *                          past it, the caller gets its default and the load goes on in the background
 */
public record StoreCaching(Duration refreshAfter, Duration expireAfterAccess, long maximumSize,
        Duration coldTimeout) {

    /** @throws IllegalArgumentException when a duration or the size is not positive, or expiry precedes refresh */
    public StoreCaching {
        positive(refreshAfter, "refreshAfter");
        positive(expireAfterAccess, "expireAfterAccess");
        Objects.requireNonNull(coldTimeout, "coldTimeout");
        if (coldTimeout.isNegative()) {
            throw new IllegalArgumentException("coldTimeout must not be negative, not " + coldTimeout);
        }
        if (maximumSize <= 0) {
            throw new IllegalArgumentException("maximumSize must be positive, not " + maximumSize);
        }
        if (expireAfterAccess.compareTo(refreshAfter) < 0) {
            throw new IllegalArgumentException("expireAfterAccess (" + expireAfterAccess
                    + ") must not be shorter than refreshAfter (" + refreshAfter + ")");
        }
    }

    /** Refresh after 30 s, expire after 1 h unused, 10,000 entries, wait 250 ms for a cold key. */
    public static StoreCaching defaults() {
        return new StoreCaching(Duration.ofSeconds(30), Duration.ofHours(1), 10_000, Duration.ofMillis(250));
    }

    /** The same with another refresh interval (and an expiry raised to it when shorter). */
    public StoreCaching withRefreshAfter(Duration refreshAfter) {
        return new StoreCaching(refreshAfter, expireAfterAccess.compareTo(refreshAfter) < 0 ? refreshAfter
                : expireAfterAccess, maximumSize, coldTimeout);
    }

    /** The same with another size bound. */
    public StoreCaching withMaximumSize(long maximumSize) {
        return new StoreCaching(refreshAfter, expireAfterAccess, maximumSize, coldTimeout);
    }

    /** The same with another wait for a cold key (zero: never wait, serve the default while loading). */
    public StoreCaching withColdTimeout(Duration coldTimeout) {
        return new StoreCaching(refreshAfter, expireAfterAccess, maximumSize, coldTimeout);
    }

    /** The same with another idle expiry. */
    public StoreCaching withExpireAfterAccess(Duration expireAfterAccess) {
        return new StoreCaching(refreshAfter, expireAfterAccess, maximumSize, coldTimeout);
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
    }
}
