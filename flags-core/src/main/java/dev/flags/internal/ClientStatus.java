package dev.flags.internal;

import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.SourceStatus;
import dev.flags.FlagsStatus.State;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A client's {@link FlagsStatus}, aggregated from its layers and the caches of its store and segment membership,
 * and what observers were last told of it. Guarded by the client's lock.
 */
final class ClientStatus {

    private final List<Layer> layers;
    /** Null when the client has no flag store. */
    private final StoreFlags store;
    /** Null when the client has no segment membership. */
    private final MembershipCache membership;
    private final UnknownFlags unknownFlags;
    /** What listeners were last told. */
    private FlagsStatus published;

    ClientStatus(List<Layer> layers, StoreFlags store, MembershipCache membership, UnknownFlags unknownFlags) {
        this.layers = layers;
        this.store = store;
        this.membership = membership;
        this.unknownFlags = unknownFlags;
    }

    FlagsStatus current(Snapshot snapshot) {
        List<SourceStatus> sources = new ArrayList<>(layers.size() + 2);
        layers.forEach(layer -> sources.add(layer.status()));
        if (store != null) {
            sources.add(store.status());
        }
        if (membership != null) {
            sources.add(membership.status());
        }
        Long revision = null;
        for (int i = layers.size() - 1; i >= 0 && revision == null; i--) {
            revision = sources.get(i).revision();
        }
        // The error of the highest failing layer, else of a cache; the latest sync of any.
        List<SourceStatus> byPrecedence = new ArrayList<>(sources.subList(0, layers.size()));
        Collections.reverse(byPrecedence);
        byPrecedence.addAll(sources.subList(layers.size(), sources.size()));
        String lastError = null;
        Instant lastSync = null;
        for (SourceStatus source : byPrecedence) {
            if (lastError == null && source.lastError() != null) {
                lastError = source.name() + ": " + source.lastError();
            }
            if (source.lastSync() != null && (lastSync == null || source.lastSync().isAfter(lastSync))) {
                lastSync = source.lastSync();
            }
        }
        int flagCount = snapshot.flags.size() + (store == null ? 0 : store.flagCount());
        return new FlagsStatus(state(sources), revision, flagCount, lastSync, lastError, sources,
                unknownFlags.evaluations(), unknownFlags.keys(), snapshot.trippedGuards);
    }

    private State state(List<SourceStatus> sources) {
        boolean anyDocument = layers.stream().anyMatch(layer -> layer.document != null);
        if (!layers.isEmpty() && !anyDocument && store == null) {
            return State.INITIALIZING;
        }
        return sources.stream().allMatch(source -> source.state() == State.READY) ? State.READY : State.STALE;
    }

    /**
     * The status, when it differs from the one last published in state, revision, flag count, error or tripped
     * guards; else null.
     */
    FlagsStatus changed(Snapshot snapshot) {
        FlagsStatus status = current(snapshot);
        FlagsStatus before = published;
        if (before != null && before.state() == status.state() && Objects.equals(before.revision(), status.revision())
                && Objects.equals(before.lastError(), status.lastError()) && before.flagCount() == status.flagCount()
                && before.trippedGuards().equals(status.trippedGuards())) {
            return null;
        }
        published = status;
        return status;
    }
}
