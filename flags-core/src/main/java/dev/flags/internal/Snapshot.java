package dev.flags.internal;

import dev.flags.Overrides;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything evaluation reads, in one immutable object published with one volatile write: the flags of every
 * layer merged (a later layer wins per key) and the local overrides resolved to outcomes.
 */
final class Snapshot {

    static final Snapshot EMPTY = new Snapshot(false, Map.of(), Map.of(), Map.of());

    /** False until some layer delivered a valid document: missing flags are then "not ready", not "not found". */
    final boolean ready;
    final Map<String, CompiledFlag> flags;
    /** The layer that answers for each key. */
    final Map<String, String> sources;
    private final Map<String, Outcome> overrides;

    private Snapshot(boolean ready, Map<String, CompiledFlag> flags, Map<String, String> sources,
            Map<String, Outcome> overrides) {
        this.ready = ready;
        this.flags = flags;
        this.sources = sources;
        this.overrides = overrides;
    }

    /**
     * Merges layers, lowest first (a null document is a layer that has none yet), and resolves the overrides:
     * flag key to variant, or to {@link Overrides#KILLED}.
     */
    static Snapshot of(List<String> layerNames, List<CompiledDocument> layers, Map<String, String> overrides) {
        Map<String, CompiledFlag> flags = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        boolean ready = layers.isEmpty();  // with no sources, there is nothing to wait for
        for (int i = 0; i < layers.size(); i++) {
            CompiledDocument layer = layers.get(i);
            if (layer != null) {
                ready = true;
                flags.putAll(layer.flags());
                for (String key : layer.flags().keySet()) {
                    sources.put(key, layerNames.get(i));
                }
            }
        }
        Map<String, Outcome> resolved = new HashMap<>();
        overrides.forEach((key, variant) ->
                resolved.put(key, flags.getOrDefault(key, CompiledFlag.implied(key))
                        .overridden(Overrides.KILLED.equals(variant) ? null : variant)));
        return new Snapshot(ready, Collections.unmodifiableMap(flags), Collections.unmodifiableMap(sources),
                resolved.isEmpty() ? Map.of() : resolved);
    }

    /** The hot path: one map lookup and a walk of the flag's precompiled rules. */
    Outcome decide(String key, Attributes context, Scope scope, int depth) {
        if (!overrides.isEmpty()) {
            Outcome overridden = overrides.get(key);
            if (overridden != null) {
                return overridden;
            }
        }
        CompiledFlag flag = flags.get(key);
        if (flag != null) {
            return flag.evaluate(context, scope, this, depth);
        }
        if (scope.store != null) {
            return scope.store.decide(key, context, scope, this, depth);
        }
        return ready ? Outcome.NOT_FOUND : Outcome.NOT_READY;
    }
}
