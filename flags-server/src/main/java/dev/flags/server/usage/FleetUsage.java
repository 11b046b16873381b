package dev.flags.server.usage;

import dev.flags.model.Guard;
import dev.flags.server.FlagServerProperties;
import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.Snapshot;
import dev.flags.server.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.stereotype.Service;

/**
 * The fleet's usage reports: keeps their counts (per flag, definition, variant, the guard's event and UTC day),
 * each flag's last evaluation and the instances' trips, and prunes what is older than the retention. Only flags and
 * variants of the environment's current document, and only the event its guard watches, are kept: that is all the
 * guard and the stale report read, and it bounds what a reporter can make the server store.
 */
@Service
public class FleetUsage {

    static final long DAY = Duration.ofDays(1).toMillis();
    private static final long PRUNE_EVERY = Duration.ofHours(1).toMillis();

    private final EnvironmentStore store;
    private final UsageLog log;
    private final FleetGuard guard;
    private final Clock clock;
    private final Duration retention;
    private final Map<String, CurrentFlags> current = new ConcurrentHashMap<>();
    private final PendingUsage pending = new PendingUsage();
    private final AtomicLong nextPrune = new AtomicLong();

    public FleetUsage(EnvironmentStore store, UsageLog log, FleetGuard guard, Clock clock,
            FlagServerProperties properties) {
        this.store = store;
        this.log = log;
        this.guard = guard;
        this.clock = clock;
        this.retention = properties.usageRetention();
    }

    /** The usage retention: counts and trips older than this are pruned. */
    public Duration retention() {
        return retention;
    }

    /**
     * Takes one report: its trips are written at once (a failure answers 503 and counts nothing); its counts are
     * summed in memory and written by the next {@link #flush()}, after which the guards they concern are judged. The
     * time of the counts is the server's (the reporters' clocks may be off): a report counts for the day it arrives
     * on and moves its flags' last evaluation to now. A count's {@code since} is kept as the flag's current version
     * when it is that or newer (the current definition's counts), and as 0 when older (an earlier definition's,
     * which only the stale report reads).
     *
     * @throws StoreException.UnknownEnvironment for an unknown environment
     * @throws StoreException.Unavailable when the database cannot be reached to keep a trip
     */
    public void record(String environment, UsageReport report) {
        CurrentFlags flags = flags(environment);
        long now = clock.millis();
        long day = now - Math.floorMod(now, DAY);
        Map<PendingUsage.Key, Long> counts = new HashMap<>();
        Map<String, Long> evaluated = new HashMap<>();
        List<PendingUsage.Judged> judged = new ArrayList<>();
        for (UsageReport.Flag flag : report.flags()) {
            CurrentFlags.Flag known = flags.flags.get(flag.key());
            if (known == null) {
                continue; // not in this environment: nothing reads it
            }
            boolean current = flag.since() != null && flag.since() >= known.version();
            long since = current ? known.version() : 0;
            boolean counted = false;
            for (UsageReport.Variant variant : flag.variants()) {
                if (!known.variants().contains(variant.name())) {
                    continue;
                }
                if (variant.evaluations() > 0) {
                    counts.merge(new PendingUsage.Key(environment, flag.key(), since, variant.name(), "", day),
                            variant.evaluations(), Long::sum);
                    evaluated.put(flag.key(), now);
                    counted = true;
                }
                Long events = known.guardEvent() == null ? null : variant.events().get(known.guardEvent());
                if (events != null && events > 0) {
                    counts.merge(new PendingUsage.Key(environment, flag.key(), since, variant.name(),
                            known.guardEvent(), day), events, Long::sum);
                    counted = true;
                }
            }
            if (counted && current && known.guard() != null && known.enabled()) {
                judged.add(new PendingUsage.Judged(environment, flag.key(), known.version()));
            }
        }
        Instant received = Instant.ofEpochMilli(now);
        try {
            for (UsageReport.Trip trip : report.trips()) {
                if (flags.flags.containsKey(trip.flag())) {
                    log.addTrip(environment, report.instance(), report.app(), trip.flag(),
                            trip.since() == null ? 0 : trip.since(), trip.summary(), trip.at(), received);
                }
            }
        } catch (DataAccessException e) {
            throw new StoreException.Unavailable("the database cannot be reached, the report was not kept ("
                    + e.getClass().getSimpleName() + "); the next report carries new counts");
        }
        pending.add(counts, environment, evaluated, judged);
    }

    /**
     * Writes the counts received since the last flush, one transaction per environment, then judges each guarded
     * flag whose current definition got counts: one indexed sum per such flag per flush, however many reports came.
     * Called every {@code flags.server.usage-flush} and at shutdown; what cannot be written while the database is
     * down or busy waits for the next (what it refuses otherwise is dropped, so one bad row cannot stop every flush).
     */
    public synchronized void flush() {
        PendingUsage.Drained drained = pending.drain();
        Set<String> environments = new java.util.TreeSet<>(drained.evaluated().keySet());
        drained.counts().keySet().forEach(key -> environments.add(key.environment()));
        Set<String> written = new java.util.HashSet<>();
        try {
            for (String environment : environments) {
                log.add(environment, PendingUsage.rows(drained.counts(), environment),
                        drained.evaluated().getOrDefault(environment, Map.of()));
                written.add(environment);
            }
        } catch (DataAccessResourceFailureException | TransientDataAccessException
                | CannotCreateTransactionException e) {
            pending.restore(drained, written); // the database is down or busy: the rest goes with the next flush
            throw e;
        }
        for (PendingUsage.Judged judged : drained.judged()) {
            judge(judged.environment(), judged.flag(), judged.version());
        }
        pruneNowAndThen(clock.millis());
    }

    /**
     * Judges a flag's guard on the fleet's totals now, and kills the flag on a trip; nothing when it has no guard or
     * is killed already. Safe to call from many threads and servers at once: one trip makes one revision.
     */
    public void judge(String environment, String key) {
        CurrentFlags.Flag flag = flags(environment).flags.get(key);
        if (flag != null) {
            judge(environment, key, flag.version());
        }
    }

    private void judge(String environment, String key, long version) {
        CurrentFlags.Flag flag = flags(environment).flags.get(key);
        if (flag != null && flag.guard() != null && flag.enabled() && flag.version() == version) {
            guard.judge(environment, flag);
        }
    }

    /**
     * A flag that is stale in a window.
     *
     * @param key the flag
     * @param lastEvaluated the last evaluation ever reported, or null
     * @param variant the one variant it served in the window, or null when it was not evaluated in it
     * @param evaluations the evaluations in the window (0 when it was not evaluated in it)
     */
    public record StaleFlag(String key, Instant lastEvaluated, String variant, long evaluations) {
        /** True when no evaluation was reported in the window. */
        public boolean unevaluated() {
            return variant == null;
        }
    }

    /**
     * The flags of the environment's current document that no instance reported evaluated within {@code window}
     * of now, and those that served one variant only in it (counted by whole UTC days: the window reaches back to
     * the start of the day it begins in), sorted by key.
     */
    public List<StaleFlag> stale(String environment, Duration window) {
        CurrentFlags flags = flags(environment);
        long now = clock.millis();
        long start = now - window.toMillis();
        Map<String, Instant> last;
        Map<String, Map<String, Long>> evaluations;
        try {
            last = log.lastEvaluated(environment);
            evaluations = log.evaluations(environment, start - Math.floorMod(start, DAY));
        } catch (DataAccessException e) {
            throw new StoreException.Unavailable("the database cannot be reached to read the usage ("
                    + e.getClass().getSimpleName() + "); try again shortly");
        }
        List<StaleFlag> stale = new ArrayList<>();
        for (String key : flags.flags.keySet()) {
            Instant lastEvaluated = last.get(key);
            if (lastEvaluated == null || lastEvaluated.toEpochMilli() < start) {
                stale.add(new StaleFlag(key, lastEvaluated, null, 0));
                continue;
            }
            Map<String, Long> served = new HashMap<>(evaluations.getOrDefault(key, Map.of()));
            served.values().removeIf(count -> count == 0);
            if (served.size() == 1) {
                Map.Entry<String, Long> only = served.entrySet().iterator().next();
                stale.add(new StaleFlag(key, lastEvaluated, only.getKey(), only.getValue()));
            }
        }
        return stale;
    }

    /**
     * A flag's guard as the fleet sees it.
     *
     * @param key the flag
     * @param version the revision of its current definition: counts from it on are the guard's
     * @param enabled false once killed
     * @param guarded whether the current definition has a guard
     * @param totals each variant's evaluations and guard events under the current definition, summed over the fleet
     * @param verdict the guard's verdict on those totals, or null without a guard
     * @param trips the trips instances reported for this flag, newest first
     */
    public record GuardState(String key, long version, boolean enabled, boolean guarded,
            Map<String, UsageLog.Totals> totals, Guard.Verdict verdict, List<UsageLog.StoredTrip> trips) {
    }

    /** Every flag with a guard in the current document or a trip kept, sorted by key; at most 100 trips per flag. */
    public List<GuardState> guards(String environment) {
        CurrentFlags flags = flags(environment);
        try {
            Map<String, List<UsageLog.StoredTrip>> trips = new java.util.TreeMap<>();
            for (UsageLog.StoredTrip trip : log.trips(environment, 10_000)) {
                List<UsageLog.StoredTrip> kept = trips.computeIfAbsent(trip.flag(), key -> new ArrayList<>());
                if (kept.size() < 100) {
                    kept.add(trip);
                }
            }
            List<GuardState> states = new ArrayList<>();
            for (CurrentFlags.Flag flag : flags.flags.values()) {
                boolean guarded = flag.guard() != null;
                if (guarded || trips.containsKey(flag.key())) {
                    Map<String, UsageLog.Totals> totals = guarded
                            ? log.totals(environment, flag.key(), flag.version(), flag.guardEvent()) : Map.of();
                    states.add(new GuardState(flag.key(), flag.version(), flag.enabled(), guarded, totals,
                            guarded ? FleetGuard.verdict(flag.guard(), totals) : null,
                            trips.getOrDefault(flag.key(), List.of())));
                }
            }
            return states;
        } catch (DataAccessException e) {
            throw new StoreException.Unavailable("the database cannot be reached to read the usage ("
                    + e.getClass().getSimpleName() + "); try again shortly");
        }
    }

    /** The flags of the environment's newest revision, read once per revision. */
    CurrentFlags flags(String environment) {
        Snapshot snapshot = store.snapshot(environment);
        CurrentFlags known = current.get(environment);
        if (known != null && known.revision == snapshot.revision()) {
            return known;
        }
        CurrentFlags flags = CurrentFlags.of(snapshot);
        current.merge(environment, flags, (old, now) -> now.revision >= old.revision ? now : old);
        return flags;
    }

    private void pruneNowAndThen(long now) {
        long next = nextPrune.get();
        if (now >= next && nextPrune.compareAndSet(next, now + PRUNE_EVERY)) {
            long cutoff = now - retention.toMillis();
            log.prune(cutoff - Math.floorMod(cutoff, DAY), cutoff);
        }
    }

}
