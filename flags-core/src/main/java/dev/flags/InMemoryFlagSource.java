package dev.flags;

import dev.flags.internal.DocumentCompiler;
import dev.flags.model.FlagDocument;
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
    /** The document set before the client started, checked and read; handed over by {@link #start}. */
    private @Nullable FlagDocument model;

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
        if (model != null) {
            listener.onDocument(model);
            model = null;
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
            // Checked now, so that a bad document fails here; kept as its model, so that the client's start
            // compiles it without parsing the text again (a large YAML document's parse is most of a cold start).
            model = DocumentCompiler.parse(document, name);
        } else {
            listener.onDocument(document);
        }
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
