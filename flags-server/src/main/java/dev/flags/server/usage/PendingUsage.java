package dev.flags.server.usage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The counts received since the last flush, summed in memory: however many instances report, the database takes
 * one row update per flag, definition, variant and event per flush. Bounded: its keys are the current document's
 * flags and variants, the guards' events and at most two definitions per flag (the current one, and 0 for older).
 */
final class PendingUsage {

    /** Where a count goes. */
    record Key(String environment, String flag, long since, String variant, String event, long dayStart) {
    }

    /** A flag whose current definition got counts, to judge after the flush. */
    record Judged(String environment, String flag, long version) {
    }

    /** What a flush writes. */
    record Drained(Map<Key, Long> counts, Map<String, Map<String, Long>> evaluated, Set<Judged> judged) {
        boolean isEmpty() {
            return counts.isEmpty() && evaluated.isEmpty() && judged.isEmpty();
        }
    }

    private Map<Key, Long> counts = new HashMap<>();
    private Map<String, Map<String, Long>> evaluated = new HashMap<>();
    private Set<Judged> judged = new HashSet<>();

    synchronized void add(Map<Key, Long> reported, String environment, Map<String, Long> flagsEvaluated,
            List<Judged> toJudge) {
        reported.forEach((key, count) -> counts.merge(key, count, Long::sum));
        if (!flagsEvaluated.isEmpty()) {
            Map<String, Long> last = evaluated.computeIfAbsent(environment, name -> new HashMap<>());
            flagsEvaluated.forEach((flag, at) -> last.merge(flag, at, Math::max));
        }
        judged.addAll(toJudge);
    }

    synchronized Drained drain() {
        Drained drained = new Drained(counts, evaluated, judged);
        counts = new HashMap<>();
        evaluated = new HashMap<>();
        judged = new HashSet<>();
        return drained;
    }

    /** Puts back what a flush could not write (the database down), but the environments it did, for the next. */
    synchronized void restore(Drained failed, Set<String> written) {
        failed.counts().forEach((key, count) -> {
            if (!written.contains(key.environment())) {
                counts.merge(key, count, Long::sum);
            }
        });
        failed.evaluated().forEach((environment, flags) -> {
            if (!written.contains(environment)) {
                flags.forEach((flag, at) -> evaluated.computeIfAbsent(environment, name -> new HashMap<>())
                        .merge(flag, at, Math::max));
            }
        });
        judged.addAll(failed.judged());
    }

    static List<UsageLog.Count> rows(Map<Key, Long> counts, String environment) {
        List<UsageLog.Count> rows = new ArrayList<>();
        counts.forEach((key, total) -> {
            if (key.environment().equals(environment)) {
                rows.add(new UsageLog.Count(key.flag(), key.since(), key.variant(), key.event(), key.dayStart(),
                        total));
            }
        });
        return rows;
    }
}
