package dev.flags.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed sign-ins counted per user name and per client address. After {@code maxFailures} failures for one name
 * (or {@code maxFailuresPerAddress} from one address), each less than {@code lockout} after the one before, that
 * name (or address) may not try again until {@code lockout} after its last failure. Refused tries are not counted,
 * so a lock ends when it said it would. A success clears its name's count, not its address's (one good account
 * must not reset an address that guesses others). Memory is bounded: at most {@link #MAX_TRACKED} names and as
 * many addresses, the stalest forgotten first.
 */
final class SignInThrottle {

    static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant last) {}

    private final Clock clock;
    private final int maxFailures;
    private final int maxFailuresPerAddress;
    private final Duration lockout;
    private final Map<String, Failures> byName = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();

    SignInThrottle(Clock clock, ConsoleProperties.SignIn settings) {
        this.clock = clock;
        this.maxFailures = settings.maxFailures();
        this.maxFailuresPerAddress = settings.maxFailuresPerAddress();
        this.lockout = settings.lockout();
    }

    /** Whether a sign-in for this name from this address may be checked now. */
    boolean allows(String name, String address) {
        Instant now = clock.instant();
        return !locked(byName.get(key(name)), maxFailures, now)
                && !locked(byAddress.get(address), maxFailuresPerAddress, now);
    }

    void failed(String name, String address) {
        Instant now = clock.instant();
        count(byName, key(name), now);
        count(byAddress, address, now);
    }

    void succeeded(String name) {
        byName.remove(key(name));
    }

    Duration lockout() {
        return lockout;
    }

    private boolean locked(Failures failures, int max, Instant now) {
        return failures != null && failures.count() >= max && now.isBefore(failures.last().plus(lockout));
    }

    private void count(Map<String, Failures> counts, String key, Instant now) {
        if (counts.size() >= MAX_TRACKED && !counts.containsKey(key)) {
            counts.values().removeIf(failures -> !now.isBefore(failures.last().plus(lockout)));
            if (counts.size() >= MAX_TRACKED) {
                counts.entrySet().stream().min(Comparator.comparing(entry -> entry.getValue().last()))
                        .ifPresent(stalest -> counts.remove(stalest.getKey()));
            }
        }
        counts.merge(key, new Failures(1, now), (before, one) -> now.isBefore(before.last().plus(lockout))
                ? new Failures(before.count() + 1, now) : one);
    }

    // the configured users are matched without regard to case, so their counts are too
    private static String key(String name) {
        return name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    }
}
