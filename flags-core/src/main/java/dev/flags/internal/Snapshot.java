package dev.flags.internal;

import dev.flags.FlagsStatus;
import dev.flags.Overrides;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything evaluation reads, in one immutable object published with one volatile write: the flags of every
 * layer merged (a later layer wins per key) and the local overrides resolved to outcomes.
 */
final class Snapshot {

    /** False until some layer delivered a valid document: missing flags are then "not ready", not "not found". */
    final boolean ready;
    final Map<String, CompiledFlag> flags;
    /** The layer that answers for each key. */
    final Map<String, String> sources;
    /** Local overrides and tripped guards, resolved to outcomes that beat the flags'. */
    private final Map<String, Outcome> overrides;
    private final boolean hasOverrides;
    /** The flags with a guard, which a tracked event is counted against; and the guards tripped. */
    final CompiledFlag[] guarded;
    final List<FlagsStatus.TrippedGuard> trippedGuards;
    /**
     * The flags again, for the hot path: an open-addressing table (linear probing, at most half full) of keys,
     * their hashes and flags side by side, which a lookup reaches in fewer dependent loads than a HashMap's
     * nodes. Keys are interned, so that a key written as a literal (literals are interned) is found by
     * identity; the hashes let a probe pass another key without comparing characters.
     */
    private final String[] keys;
    private final int[] hashes;
    private final CompiledFlag[] values;
    private final int mask;
    /** 32 minus the table's bits: a slot is the top bits of the Fibonacci-scrambled hash. */
    private final int shift;

    private Snapshot(boolean ready, Map<String, CompiledFlag> flags, Map<String, String> sources,
            Map<String, Outcome> overrides, List<FlagsStatus.TrippedGuard> trippedGuards) {
        this.ready = ready;
        this.flags = flags;
        this.sources = sources;
        this.overrides = overrides;
        this.hasOverrides = !overrides.isEmpty();
        this.guarded = flags.values().stream().filter(flag -> flag.guard != null).toArray(CompiledFlag[]::new);
        this.trippedGuards = trippedGuards;
        int capacity = Integer.highestOneBit(Math.max(1, flags.size()) * 2 - 1) << 1;
        this.keys = new String[capacity];
        this.hashes = new int[capacity];
        this.values = new CompiledFlag[capacity];
        this.mask = capacity - 1;
        this.shift = Integer.numberOfLeadingZeros(capacity) + 1;
        flags.forEach((key, flag) -> {
            int hash = key.hashCode();
            int i = slot(hash);
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key.intern();
            hashes[i] = hash;
            values[i] = flag;
        });
    }

    /**
     * Fibonacci hashing: the multiply spreads every bit of the hash into the top bits, where String's hashes
     * of similar keys ({@code flag-1}, {@code flag-2}) differ little in their low bits.
     */
    private int slot(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    private CompiledFlag find(String key) {
        String[] keys = this.keys;
        int hash = key.hashCode();
        for (int i = slot(hash); ; i = (i + 1) & mask) {
            String candidate = keys[i];
            if (candidate == key) {
                return values[i];
            }
            if (candidate == null) {
                return null;
            }
            if (hashes[i] == hash && candidate.equals(key)) {
                return values[i];
            }
        }
    }

    /**
     * Merges layers, lowest first (a null document is a layer that has none yet), and resolves the overrides
     * (flag key to variant, or to {@link Overrides#KILLED}) above the tripped guards of the flags merged.
     */
    static Snapshot of(List<String> layerNames, List<CompiledDocument> layers, Map<String, String> overrides,
            Collection<GuardTrip> trips) {
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
        List<FlagsStatus.TrippedGuard> tripped = new ArrayList<>();
        for (GuardTrip trip : trips) {
            if (flags.get(trip.flag().key) == trip.flag()) {
                resolved.put(trip.flag().key, trip.outcome());
                tripped.add(trip.status());
            }
        }
        overrides.forEach((key, variant) ->
                resolved.put(key, flags.getOrDefault(key, CompiledFlag.implied(key))
                        .overridden(Overrides.KILLED.equals(variant) ? null : variant)));
        return new Snapshot(ready, Collections.unmodifiableMap(flags), Collections.unmodifiableMap(sources),
                resolved.isEmpty() ? Map.of() : resolved, List.copyOf(tripped));
    }

    /** The hot path: one table lookup and a walk of the flag's precompiled rules. */
    Outcome decide(String key, Attributes context, EvaluationScope scope, int depth) {
        if (hasOverrides) {
            Outcome overridden = overrides.get(key);
            if (overridden != null) {
                return overridden;
            }
        }
        CompiledFlag flag = find(key);
        if (flag != null) {
            return flag.evaluate(context, scope, this, depth);
        }
        if (scope.store != null) {
            return scope.store.decide(key, context, scope, this, depth);
        }
        return ready ? Outcome.NOT_FOUND : Outcome.NOT_READY;
    }
}
