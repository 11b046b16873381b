package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A document applies atomically: no evaluation sees part of one document and part of another. */
class AtomicApplyTest {

    private static String document(int generation) {
        return """
                revision: %1$d
                flags:
                  first:  { variants: { v: %1$d }, default: { serve: v } }
                  second: { variants: { v: %1$d }, default: { serve: v } }
                  paired:
                    prerequisites: [ { flag: first, variant: v } ]
                    variants: { same: %1$d }
                    rules:
                      - when: [ { attribute: generation, op: eq, values: [%1$d] } ]
                        serve: same
                """.formatted(generation);
    }

    @Test
    void readersNeverSeeTwoFlagsThatChangeTogetherDisagree() throws Exception {
        InMemoryFlagSource source = FlagSources.inMemory(document(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong violations = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            FlagContext user = FlagContext.of("user-1");
            List<Future<?>> readers = new ArrayList<>();
            ForkJoinPool pool = new ForkJoinPool(4);
            for (int r = 0; r < 4; r++) {
                readers.add(pool.submit(() -> {
                    while (writing.get()) {
                        long first = flags.getLong("first", user, -1);
                        long second = flags.getLong("second", user, -1);
                        // Read later, second can only be as new as first or newer; never older.
                        if (second < first) {
                            violations.incrementAndGet();
                        }
                        reads.incrementAndGet();
                    }
                }));
            }
            for (int generation = 1; generation <= 2_000; generation++) {
                source.update(document(generation));
            }
            writing.set(false);
            for (Future<?> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(flags.getLong("first", user, -1)).isEqualTo(2_000);
        }
        assertThat(reads.get()).isPositive();
        assertThat(violations.get()).isZero();
    }

    @Test
    void aPrerequisiteIsReadFromTheSameDocumentAsItsFlag() throws Exception {
        InMemoryFlagSource source = FlagSources.inMemory(document(0));
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong failures = new AtomicLong();
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            FlagContext user = FlagContext.of("user-1");
            Thread reader = new Thread(() -> {
                while (writing.get()) {
                    if (flags.evaluateLong("paired", user, 0).reason() == Reason.PREREQUISITE_FAILED) {
                        failures.incrementAndGet();
                    }
                }
            });
            reader.start();
            for (int generation = 1; generation <= 2_000; generation++) {
                source.update(document(generation));
            }
            writing.set(false);
            reader.join(30_000);
        }
        assertThat(failures.get()).isZero();
    }
}
