package dev.flags;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A flag source held in memory, for tests and for documents an application builds itself. Thread-safe.
 *
 * <pre>{@code
 * InMemoryFlagSource source = FlagSources.inMemory("flags: { new-checkout: { enabled: true } }");
 * FeatureFlags flags = FeatureFlags.builder().source(source).build();
 * source.update("flags: { new-checkout: { enabled: false } }");
 * }</pre>
 */
public final class InMemoryFlagSource implements FlagSource {

    private final String name;
    private @Nullable Listener listener;
    private @Nullable String document;

    /** An empty source with this name (shown in status and evaluation details). */
    public InMemoryFlagSource(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(Listener listener) {
        this.listener = listener;
        if (document != null) {
            listener.onDocument(document);
        }
    }

    /**
     * Replaces the document.
     *
     * @throws InvalidFlagDocumentException when it is invalid; the client keeps the last good one
     */
    public synchronized void update(String document) {
        Objects.requireNonNull(document, "document");
        if (listener == null) {
            List<DocumentProblem> problems = FlagDocuments.problems(document);
            if (!problems.isEmpty()) {
                throw new InvalidFlagDocumentException(name, problems);
            }
        } else {
            listener.onDocument(document);
        }
        this.document = document;
    }

    /** Reports an outage, as a remote source would: the client turns stale and keeps the last good flags. */
    public synchronized void fail(String message) {
        if (listener != null) {
            listener.onFailure(message, null);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "InMemoryFlagSource[" + name + "]";
    }
}
