package dev.flags.server.usage;

import dev.flags.model.Guard;
import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.FlagEdits;
import dev.flags.server.store.StoreException;
import dev.flags.server.store.WriteResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * The fleet guard: flags-core's test ({@link Guard#judge}) on the counts the whole fleet reported for a flag's
 * current definition, and on a trip one {@code kill} revision by the actor {@code guard}, with the verdict's numbers
 * as its comment, through the store's write path (so the history, the streams and the replicas follow). One trip
 * writes one revision however many reports judge it at once: the kill applies only to the version judged and only
 * while the flag is on, inside the write transaction that serialises the environment's writers.
 */
@Service
public class FleetGuard {

    /** The actor of the revisions the guard writes. */
    public static final String ACTOR = "guard";

    private static final Logger LOG = LoggerFactory.getLogger(FleetGuard.class);

    private final EnvironmentStore store;
    private final UsageLog log;
    private final MeterRegistry meters;

    public FleetGuard(EnvironmentStore store, UsageLog log, MeterRegistry meters) {
        this.store = store;
        this.log = log;
        this.meters = meters;
    }

    /** The verdict on the fleet's counts for the flag's current definition. */
    Guard.Verdict verdict(String environment, CurrentFlags.Flag flag) {
        return verdict(flag.guard(), log.totals(environment, flag.key(), flag.version(), flag.guard().event()));
    }

    /**
     * Judges the flag after a report added counts to its current definition, and kills it on a trip. A kill that
     * cannot be written (the database down) is logged; the next report judges again.
     */
    void judge(String environment, CurrentFlags.Flag flag) {
        Guard.Verdict verdict = verdict(environment, flag);
        if (!verdict.tripped()) {
            return;
        }
        try {
            WriteResult result = store.write(environment, ACTOR, verdict.summary(), flag.key(),
                    FlagEdits.guardKill(flag.key(), flag.version()));
            if (result.written()) {
                meters.counter("flags.server.writes", "environment", environment, "action", "kill").increment();
                meters.counter("flags.server.guard.trips", "environment", environment).increment();
                LOG.info("Guard tripped: killed {} in {} at revision {}: {}", flag.key(), environment,
                        result.revision(), verdict.summary());
            }
        } catch (StoreException | DataAccessException e) {
            LOG.warn("Guard tripped on {} in {} but the kill could not be written ({}); the next report judges again",
                    flag.key(), environment, e.getMessage());
        }
    }

    static Guard.Verdict verdict(Guard guard, Map<String, UsageLog.Totals> totals) {
        long guardedSamples = 0;
        long guardedEvents = 0;
        long controlSamples = 0;
        long controlEvents = 0;
        for (Map.Entry<String, UsageLog.Totals> variant : totals.entrySet()) {
            if (variant.getKey().equals(guard.variant())) {
                guardedSamples += variant.getValue().samples();
                guardedEvents += variant.getValue().events();
            } else {
                controlSamples += variant.getValue().samples();
                controlEvents += variant.getValue().events();
            }
        }
        return guard.judge(guardedSamples, guardedEvents, controlSamples, controlEvents);
    }
}
