package dev.flags.internal;

import dev.flags.Overrides;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The overrides set in this process. Changes serialize on the client's lock (with documents), and each one
 * publishes a new snapshot before its change event is queued, so listeners see overrides in the order set.
 */
final class LocalOverrides implements Overrides {

    private final FlagsRuntime runtime;
    private final Object lock;
    /**
     * Written under lock; replaced, never changed, so readers need no lock: flag key to variant, or to
     * {@link Overrides#KILLED}.
     */
    private volatile Map<String, String> overridden = Map.of();

    LocalOverrides(FlagsRuntime runtime, Object lock) {
        this.runtime = runtime;
        this.lock = lock;
    }

    Map<String, String> current() {
        return overridden;
    }

    @Override
    public void set(String flagKey, String variant) {
        Objects.requireNonNull(flagKey, "flagKey");
        Objects.requireNonNull(variant, "variant");
        synchronized (lock) {
            CompiledFlag flag = runtime.definedFlag(flagKey);
            Set<String> variants = flag != null ? flag.variants.keySet() : Set.of("on", "off");
            if (!variants.contains(variant)) {
                throw new IllegalArgumentException("flag '" + flagKey + "' has no variant '" + variant + "'; it has "
                        + variants + (flag == null ? " (no source defines it: it acts as a boolean flag)" : ""));
            }
            change(flagKey, variant);
        }
    }

    @Override
    public void kill(String flagKey) {
        Objects.requireNonNull(flagKey, "flagKey");
        synchronized (lock) {
            change(flagKey, KILLED);
        }
    }

    @Override
    public void clear(String flagKey) {
        Objects.requireNonNull(flagKey, "flagKey");
        synchronized (lock) {
            change(flagKey, null);
        }
    }

    @Override
    public void clearAll() {
        synchronized (lock) {
            Set<String> keys = new HashSet<>(overridden.keySet());
            if (!keys.isEmpty()) {
                overridden = Map.of();
                runtime.overridesChanged(keys);
            }
        }
    }

    @Override
    public Map<String, String> asMap() {
        return overridden;
    }

    /** Guarded by lock. */
    private void change(String flagKey, String variant) {
        if (Objects.equals(overridden.get(flagKey), variant)) {
            return;
        }
        Map<String, String> next = new LinkedHashMap<>(overridden);
        if (variant == null) {
            next.remove(flagKey);
        } else {
            next.put(flagKey, variant);
        }
        overridden = Map.copyOf(next);
        runtime.overridesChanged(Set.of(flagKey));
    }
}
