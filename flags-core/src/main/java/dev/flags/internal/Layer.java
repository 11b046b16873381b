package dev.flags.internal;

import dev.flags.FlagSource;
import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.State;
import dev.flags.UsageCounts;
import dev.flags.model.FlagDocument;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** One source of a client, with its own last good document; the source's listener. Guarded by the runtime. */
final class Layer implements FlagSource.Listener {

    final FlagSource source;
    final String name;
    private final FlagsRuntime runtime;

    CompiledDocument document;
    Instant lastSync;
    String error;
    /** The problems logged since the source was last healthy, so each is logged once per outage. */
    final Set<String> loggedErrors = new LinkedHashSet<>();

    Layer(FlagSource source, FlagsRuntime runtime) {
        this.source = source;
        this.name = source.name();
        this.runtime = runtime;
    }

    @Override
    public boolean onDocument(String document) {
        return runtime.apply(this, () -> DocumentCompiler.compile(document, name), null);
    }

    @Override
    public boolean onDocument(FlagDocument document) {
        Objects.requireNonNull(document, "document");
        return runtime.apply(this, () -> DocumentCompiler.compile(document, name), null);
    }

    @Override
    public boolean onDocument(String document, Instant fetched) {
        Objects.requireNonNull(fetched, "fetched");
        return runtime.apply(this, () -> DocumentCompiler.compile(document, name), fetched);
    }

    @Override
    public void onUnchanged() {
        runtime.confirm(this);
    }

    @Override
    public void onFailure(String message, Throwable cause) {
        runtime.fail(this, message, cause);
    }

    @Override
    public void onSync(Duration took, boolean success) {
        runtime.synced(this, took, success);
    }

    @Override
    public UsageCounts usage() {
        return runtime.usage();
    }

    State state() {
        if (document == null) {
            return State.INITIALIZING;
        }
        return error == null ? State.READY : State.STALE;
    }

    FlagsStatus.SourceStatus status() {
        return new FlagsStatus.SourceStatus(name, state(), document == null ? null : document.revision(),
                document == null ? 0 : document.flags().size(), lastSync, error, details());
    }

    /** The source's own details; status() must answer whatever a source's implementation does. */
    private Map<String, String> details() {
        try {
            return source.details();
        } catch (Throwable e) {
            return Map.of("details", "unavailable: " + e);
        }
    }
}
