package dev.flags.server.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One instance's report, checked against the limits (the API reads and checks it).
 *
 * @param instance the reporting instance's id
 * @param app the application's name, or null
 * @param from the start of the counted period, as the instance's clock says
 * @param to the end of the counted period
 * @param flags the counts per flag
 * @param trips the guards that tripped inside the instance in the period
 */
public record UsageReport(String instance, String app, Instant from, Instant to, List<Flag> flags, List<Trip> trips) {

    /** At most this many bytes after decompression. */
    public static final int MAX_BYTES = 1 << 20;
    /** At most this many flags, and as many trips. */
    public static final int MAX_FLAGS = 10_000;
    /** At most this many variants per flag. */
    public static final int MAX_VARIANTS = 64;
    /** At most this many events per variant. */
    public static final int MAX_EVENTS = 16;
    /** Names, keys, the instance and the app are at most this many characters. */
    public static final int MAX_NAME = 200;
    /** A trip's summary is at most this many characters (it names variants, which may be 200 long). */
    public static final int MAX_SUMMARY = 2000;
    /** One count of one report is at most this: far beyond an instance's evaluations in a period, far below overflow. */
    public static final long MAX_COUNT = 1_000_000_000_000L;

    public UsageReport {
        flags = List.copyOf(flags);
        trips = List.copyOf(trips);
    }

    /**
     * One flag's counts.
     *
     * @param since the revision from which the instance counted the flag's current definition, or null
     */
    public record Flag(String key, Long since, List<Variant> variants) {
        public Flag {
            variants = List.copyOf(variants);
        }
    }

    /** Evaluations that served a variant, and the events tracked against it. */
    public record Variant(String name, long evaluations, Map<String, Long> events) {
        public Variant {
            events = Map.copyOf(events);
        }
    }

    /** A guard tripped inside the instance. */
    public record Trip(String flag, Long since, String summary, Instant at) {
    }
}
