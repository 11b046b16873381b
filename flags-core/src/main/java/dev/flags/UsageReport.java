package dev.flags;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The counts of one period, from {@link UsageCounts#drain()}. Holds flag keys, variant names, event names and
 * numbers: never a context's key or attributes.
 *
 * @param from  the start of the period
 * @param to    its end
 * @param flags the flags with anything counted in it
 * @param trips the guards that tripped in it
 */
public record UsageReport(Instant from, Instant to, List<Flag> flags, List<Trip> trips) {

    public UsageReport {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        flags = List.copyOf(flags);
        trips = List.copyOf(trips);
    }

    /** True when nothing was counted and no guard tripped. */
    public boolean isEmpty() {
        return flags.isEmpty() && trips.isEmpty();
    }

    /**
     * One flag's counts.
     *
     * @param key      the flag's key
     * @param since    the document revision from which this client has counted the flag's current definition
     *                 (null when the document has none): a server counts toward that definition only counts
     *                 with a {@code since} at or after the revision that last changed it
     * @param variants the counts of each variant that served or was tracked
     */
    public record Flag(String key, @Nullable Long since, List<Variant> variants) {

        public Flag {
            Objects.requireNonNull(key, "key");
            variants = List.copyOf(variants);
        }
    }

    /**
     * One variant's counts.
     *
     * @param name        the variant's name
     * @param evaluations evaluations that served it
     * @param events      tracked events counted against it, by event name
     */
    public record Variant(String name, long evaluations, Map<String, Long> events) {

        public Variant {
            Objects.requireNonNull(name, "name");
            events = Map.copyOf(events);
        }
    }

    /**
     * A guard that tripped in this client.
     *
     * @param flag    the flag it killed here
     * @param since   as in {@link Flag#since()}
     * @param summary the numbers that tripped it
     * @param at      when it tripped
     */
    public record Trip(String flag, @Nullable Long since, String summary, Instant at) {

        public Trip {
            Objects.requireNonNull(flag, "flag");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(at, "at");
        }
    }
}
