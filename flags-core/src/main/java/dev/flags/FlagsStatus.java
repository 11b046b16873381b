package dev.flags;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The health of a {@link FeatureFlags} client at one moment. Immutable; {@link #toString()} reads well in a log.
 *
 * @param state                 whether flags are loaded, and fresh
 * @param revision              the revision of the document answering, from the highest layer that has one; or null
 * @param flagCount             how many flags are defined across all sources
 * @param lastSync              when a source last delivered or confirmed its document; null before that
 * @param lastError             the most recent problem still in effect (an invalid document, an unreachable
 *                              source), or null
 * @param sources               each source's own status, lowest layer first
 * @param unknownFlagEvaluations how many evaluations asked for a flag key that no source defines (a lower bound
 *                              when several threads asked at once: the count takes no lock)
 * @param unknownFlagKeys       some of those keys (at most {@value #MAX_UNKNOWN_KEYS}), to catch typos
 * @param trippedGuards         the release guards that tripped in this client: their flags serve their off
 *                              variant here until their definition changes
 */
public record FlagsStatus(
        State state,
        @Nullable Long revision,
        int flagCount,
        @Nullable Instant lastSync,
        @Nullable String lastError,
        List<SourceStatus> sources,
        long unknownFlagEvaluations,
        List<String> unknownFlagKeys,
        List<TrippedGuard> trippedGuards) {

    /** How many distinct unknown flag keys are remembered. */
    public static final int MAX_UNKNOWN_KEYS = 100;

    /** Copies the lists: a status never changes. */
    public FlagsStatus {
        sources = List.copyOf(sources);
        unknownFlagKeys = List.copyOf(unknownFlagKeys);
        trippedGuards = List.copyOf(trippedGuards);
    }

    /** Whether flags are loaded and fresh. */
    public enum State {
        /** No source has delivered a valid document yet: evaluations answer with the caller's defaults. */
        INITIALIZING,
        /** Every source has delivered a valid document and is in sync. */
        READY,
        /** Flags are served, but a source is failing or its latest document was rejected: the last good ones stay. */
        STALE
    }

    /**
     * A release guard that tripped in this client.
     *
     * @param flag    the flag it killed here
     * @param summary the numbers that tripped it, in one line
     * @param at      when it tripped
     */
    public record TrippedGuard(String flag, String summary, Instant at) {

        @Override
        public String toString() {
            return flag + " (" + summary + ")";
        }
    }

    /**
     * The status of one source.
     *
     * @param name      the source's name
     * @param state     {@code INITIALIZING} until its first valid document, {@code READY} when in sync,
     *                  {@code STALE} while failing after that
     * @param revision  the revision of its last good document, or null
     * @param flagCount how many flags its last good document defines
     * @param lastSync  when it last delivered or confirmed its document, or null
     * @param lastError its current problem, or null
     * @param details   facts about the source's machinery, such as {@code circuitBreaker=OPEN}
     *                  ({@link FlagSource#details()})
     */
    public record SourceStatus(String name, State state, @Nullable Long revision, int flagCount,
            @Nullable Instant lastSync, @Nullable String lastError, Map<String, String> details) {

        /** Copies the details: a status never changes. */
        public SourceStatus {
            details = Map.copyOf(details);
        }

        /** The source's status in one line: name, state, revision, flag count, details and error. */
        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(name).append(' ').append(state);
            if (revision != null) {
                text.append(" revision ").append(revision);
            }
            text.append(", ").append(flagCount).append(flagCount == 1 ? " flag" : " flags");
            if (!details.isEmpty()) {
                text.append(", ").append(details);
            }
            if (lastError != null) {
                text.append(", error: ").append(lastError);
            }
            return text.toString();
        }
    }

    /**
     * The status in one log line: state, revision, flag count, last sync, last error, unknown keys, tripped guards,
     * sources.
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(128).append(state);
        if (revision != null) {
            text.append(" revision ").append(revision);
        }
        text.append(", ").append(flagCount).append(flagCount == 1 ? " flag" : " flags");
        text.append(", last sync ").append(lastSync == null ? "never" : lastSync.truncatedTo(ChronoUnit.MILLIS));
        if (lastError != null) {
            text.append(", last error: ").append(lastError);
        }
        if (unknownFlagEvaluations > 0) {
            text.append(", ").append(unknownFlagEvaluations).append(" evaluations of unknown flags ")
                    .append(unknownFlagKeys);
        }
        if (!trippedGuards.isEmpty()) {
            text.append(", guards tripped: ").append(trippedGuards);
        }
        text.append(", sources ").append(sources);
        return text.toString();
    }
}
