package dev.flags.internal;

import dev.flags.FlagsStatus;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts evaluations of flag keys no source defines, so a typo never hides behind the default. */
final class UnknownFlags {

    private final LongAdder evaluations = new LongAdder();
    private final ConcurrentHashMap<String, Boolean> keys = new ConcurrentHashMap<>();
    /** The unknown key recorded last: the same String asked again costs a compare and a plain increment. */
    private volatile String last;
    /**
     * Evaluations of {@code last} that took the short way. A plain field, so racing threads may lose an
     * increment: the count is a diagnostic, and an exact one would cost every miss an atomic operation.
     */
    private long repeats;

    void record(String key) {
        if (key == last) {
            repeats++;
        } else {
            recordNew(key);
        }
    }

    /** Apart from {@link #record}, so that the JIT inlines only the short way into evaluation. */
    private void recordNew(String key) {
        evaluations.increment();
        if (keys.size() < FlagsStatus.MAX_UNKNOWN_KEYS && !keys.containsKey(key)) {
            keys.putIfAbsent(key, Boolean.TRUE);
        }
        last = key;
    }

    /** About how many evaluations asked for unknown keys (exact on one thread, a lower bound on several). */
    long evaluations() {
        return evaluations.sum() + repeats;
    }

    List<String> keys() {
        return keys.keySet().stream().sorted().toList();
    }
}
