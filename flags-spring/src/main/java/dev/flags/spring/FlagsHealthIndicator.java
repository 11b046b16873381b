package dev.flags.spring;

import dev.flags.FeatureFlags;
import dev.flags.FlagsStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code flags} health contributor: {@code DOWN} before the first document (every evaluation answers the
 * callers' defaults), {@code UP} when fresh, and while stale (a source fails or its latest document was rejected,
 * the last good one is served) {@code UP} with {@code stale: true}, or the status {@code flags.health.stale-status}
 * names. The details give the state, revision, flag count, last sync, last error and each source's state (source
 * names never hold credentials), and, when release guards tripped here, {@code trippedGuards}: each flag with the
 * numbers that tripped it. A tripped guard leaves the status as it is: the application is healthy, one flag of it
 * is killed.
 */
public final class FlagsHealthIndicator implements HealthIndicator {

    private final FeatureFlags flags;
    private final Status staleStatus;

    /**
     * @param flags       the client
     * @param staleStatus the status while stale: {@code UP}, {@code OUT_OF_SERVICE}, {@code DOWN} or one's own
     */
    public FlagsHealthIndicator(FeatureFlags flags, String staleStatus) {
        this.flags = Objects.requireNonNull(flags, "flags");
        this.staleStatus = new Status(Objects.requireNonNull(staleStatus, "staleStatus").trim());
    }

    @Override
    public Health health() {
        FlagsStatus status = flags.status();
        Health.Builder health = switch (status.state()) {
            case INITIALIZING -> Health.down();
            case READY -> Health.up();
            case STALE -> Health.status(staleStatus).withDetail("stale", true);
        };
        return health.withDetails(details(status)).build();
    }

    private static Map<String, Object> details(FlagsStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", status.state().name());
        if (status.revision() != null) {
            details.put("revision", status.revision());
        }
        details.put("flagCount", status.flagCount());
        if (status.lastSync() != null) {
            details.put("lastSync", status.lastSync().toString());
        }
        if (status.lastError() != null) {
            details.put("lastError", status.lastError());
        }
        Map<String, String> sources = new LinkedHashMap<>();
        for (FlagsStatus.SourceStatus source : status.sources()) {
            sources.put(source.name(), source.state().name());
        }
        details.put("sources", sources);
        if (status.unknownFlagEvaluations() > 0) {
            details.put("unknownFlagKeys", status.unknownFlagKeys());
        }
        if (!status.trippedGuards().isEmpty()) {
            Map<String, String> tripped = new LinkedHashMap<>();
            for (FlagsStatus.TrippedGuard guard : status.trippedGuards()) {
                tripped.put(guard.flag(), guard.summary() + " (at " + guard.at() + ")");
            }
            details.put("trippedGuards", tripped);
        }
        return details;
    }
}
