package dev.flags;

import dev.flags.model.FlagDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Supplies whole flag documents to a {@link FeatureFlags} client: a file, a classpath resource, a remote store.
 *
 * <p>A source pushes: once started it hands every new version of its document to the listener, and tells the
 * listener when it cannot reach the document. The client parses, validates and compiles each document; an
 * invalid one is rejected whole and the last good one stays in force. Several sources can be layered in one
 * client (see {@link FeatureFlags.Builder#source(FlagSource)}).
 *
 * <p>Implementations must be thread-safe. {@link #start} must not block for long: slow sources deliver from a
 * thread of their own, named {@code flags-...} and marked daemon. {@link #close} stops every such thread.
 */
public interface FlagSource extends AutoCloseable {

    /** A short name for logs, {@link FlagsStatus} and {@link Evaluation#source()}; must not contain secrets. */
    String name();

    /** Starts delivering documents to the listener. Called once. */
    void start(Listener listener);

    /**
     * A few facts about the source's machinery for status and metrics, such as a remote source's circuit
     * breaker state ({@code circuitBreaker=CLOSED}). Empty by default; must not contain secrets.
     */
    default Map<String, String> details() {
        return Map.of();
    }

    /** Stops delivering and releases every thread and connection this source opened. */
    @Override
    void close();

    /** What a source tells its client. Thread-safe; may be called from any thread. */
    interface Listener {

        /**
         * A new version of the document, JSON or YAML.
         *
         * @return true when it was applied; false when it was ignored because its {@code revision} is lower
         *         than the one this source already applied (a source should then not cache it as its last good)
         * @throws InvalidFlagDocumentException when the document is invalid; nothing was applied
         */
        boolean onDocument(String document);

        /**
         * A version of the document that the source fetched earlier and kept, such as a backup file read at
         * start-up while the store is down. As {@link #onDocument(String)}, except that the flags count as synced
         * when they were fetched, not now: {@link FlagsStatus#lastSync()} (and any staleness measured from it)
         * tells how old the flags really are. By default the same as {@link #onDocument(String)}.
         *
         * @param fetched when the source last fetched the document or had it confirmed unchanged; a time after
         *                the client's clock counts as now
         * @return as {@link #onDocument(String)}
         * @throws InvalidFlagDocumentException as {@link #onDocument(String)}
         */
        default boolean onDocument(String document, Instant fetched) {
            return onDocument(document);
        }

        /**
         * A new version of the document as a model, for sources that build or validate it in code: the client
         * compiles it without parsing text. As {@link #onDocument(String)} otherwise; by default written as JSON
         * and handed to it.
         *
         * @return as {@link #onDocument(String)}
         * @throws InvalidFlagDocumentException when the model is invalid (a variant a rule names is missing, ...)
         */
        default boolean onDocument(FlagDocument document) {
            return onDocument(FlagDocuments.toJson(document));
        }

        /** The source confirmed that its document has not changed (an HTTP 304): the flags are fresh again. */
        void onUnchanged();

        /**
         * The source cannot reach its document now (a missing file, a store that is down). The last good flags
         * stay in force and the client reports itself stale. The message must not contain secrets.
         */
        void onFailure(String message, @Nullable Throwable cause);

        /** How long one attempt to sync took, successful or not: for metrics ({@link FlagObserver#onSync}). */
        default void onSync(Duration took, boolean success) {
        }

        /**
         * The client's usage counts, for a source that reports them to its server. By default counts that stay
         * empty ({@link UsageCounts#none()}).
         */
        default UsageCounts usage() {
            return UsageCounts.none();
        }
    }
}
