package dev.flags.internal;

import dev.flags.UsageCounts;
import dev.flags.UsageReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A client's usage counts. The counters live on each compiled flag's variants, so counting is one increment on the
 * evaluating thread; a drain walks the flags of the current snapshot, and the definitions replaced since the last
 * drain, and reports what grew since it last looked.
 */
final class Usage implements UsageCounts {

    /** Replaced definitions kept for the next drain, and trips: bounded, so that a client nobody drains stays small. */
    static final int MAX_RETIRED = 10_000;
    static final int MAX_TRIPS = 100;

    private final Clock clock;
    private final Supplier<Snapshot> snapshot;
    /** Read by every evaluation: whether flags without a guard are counted too. */
    volatile boolean countAll;
    private final List<CompiledFlag> retired = new ArrayList<>();
    private final List<UsageReport.Trip> trips = new ArrayList<>();
    private Instant from;

    Usage(Clock clock, Supplier<Snapshot> snapshot) {
        this.clock = clock;
        this.snapshot = snapshot;
        this.from = clock.instant();
    }

    @Override
    public void countAll() {
        countAll = true;
    }

    /** Keeps the counts of definitions a new snapshot replaced until the next drain, while someone drains. */
    synchronized void retire(List<CompiledFlag> replaced) {
        if (countAll) {
            for (CompiledFlag flag : replaced) {
                if (retired.size() < MAX_RETIRED) {
                    retired.add(flag);
                }
            }
        }
    }

    synchronized void tripped(UsageReport.Trip trip) {
        if (trips.size() < MAX_TRIPS) {
            trips.add(trip);
        }
    }

    @Override
    public synchronized UsageReport drain() {
        Instant to = clock.instant();
        List<UsageReport.Flag> flags = new ArrayList<>();
        Set<CompiledFlag> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (CompiledFlag flag : retired) {
            report(flag, flags, seen);
        }
        for (CompiledFlag flag : snapshot.get().flags.values()) {
            report(flag, flags, seen);
        }
        UsageReport report = new UsageReport(from, to.isBefore(from) ? from : to, flags, trips);
        retired.clear();
        trips.clear();
        from = report.to();
        return report;
    }

    /** Guarded by this: what grew of one flag's counts since the last drain. */
    private static void report(CompiledFlag flag, List<UsageReport.Flag> into, Set<CompiledFlag> seen) {
        if (!seen.add(flag)) {
            return;
        }
        List<UsageReport.Variant> variants = new ArrayList<>();
        for (Variant variant : flag.allVariants()) {
            long evaluations = variant.evaluations.sum();
            long events = variant.events == null ? 0 : variant.events.sum();
            long newEvaluations = evaluations - variant.reportedEvaluations;
            long newEvents = events - variant.reportedEvents;
            variant.reportedEvaluations = evaluations;
            variant.reportedEvents = events;
            if (newEvaluations > 0 || newEvents > 0) {
                variants.add(new UsageReport.Variant(variant.name, newEvaluations,
                        newEvents > 0 ? Map.of(flag.guard.event(), newEvents) : Map.of()));
            }
        }
        if (!variants.isEmpty()) {
            into.add(new UsageReport.Flag(flag.key, flag.since, variants));
        }
    }
}
