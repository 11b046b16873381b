package dev.flags.internal;

import dev.flags.FlagsStatus;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts evaluations of flag keys no source defines, so a typo never hides behind the default. */
final class UnknownFlags {

    private final LongAdder evaluations = new LongAdder();
    private final ConcurrentHashMap<String, Boolean> keys = new ConcurrentHashMap<>();

    void record(String key) {
        evaluations.increment();
        if (keys.size() < FlagsStatus.MAX_UNKNOWN_KEYS && !keys.containsKey(key)) {
            keys.putIfAbsent(key, Boolean.TRUE);
        }
    }

    long evaluations() {
        return evaluations.sum();
    }

    List<String> keys() {
        return keys.keySet().stream().sorted().toList();
    }
}
