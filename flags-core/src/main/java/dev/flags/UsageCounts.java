package dev.flags;

import java.time.Instant;
import java.util.List;

/**
 * What a client counted of its flags' use, for a reporter such as flags-remote's to send to a flag server: the
 * evaluations of each flag by variant, the events {@link FeatureFlags#track tracked} against guarded flags, and
 * the guards that tripped. A source reaches it through {@link FlagSource.Listener#usage()}. Thread-safe.
 *
 * <p>Counting is off for flags without a guard until a reporter calls {@link #countAll()}: a client nobody reports
 * for counts nothing it would not use.
 */
public interface UsageCounts {

    /** From now on counts the evaluations of every flag, not only of guarded ones. Idempotent. */
    void countAll();

    /**
     * The counts since the previous drain (the first time: since counting began), which the next drain will not
     * report again. Meant for one reporter per client: two would split the counts between them.
     */
    UsageReport drain();

    /** Counts that stay empty: what a listener that belongs to no client hands out. */
    static UsageCounts none() {
        return new UsageCounts() {
            @Override
            public void countAll() {
            }

            @Override
            public UsageReport drain() {
                Instant now = Instant.now();
                return new UsageReport(now, now, List.of(), List.of());
            }
        };
    }
}
