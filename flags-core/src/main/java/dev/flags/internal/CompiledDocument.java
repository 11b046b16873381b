package dev.flags.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * A flag document that passed validation, compiled once for evaluation. Immutable.
 *
 * @param revision the document's revision, or null when it has none
 * @param flags    the compiled flags by key
 */
record CompiledDocument(Long revision, Map<String, CompiledFlag> flags) {

    /**
     * This document, keeping the compiled flags of {@code previous} (null: none) whose definitions did not change:
     * a flag's counts and guard outlive a new document that leaves it as it was.
     */
    CompiledDocument reusing(CompiledDocument previous) {
        if (previous == null) {
            return this;
        }
        Map<String, CompiledFlag> kept = new HashMap<>(flags);
        kept.replaceAll((key, flag) -> {
            CompiledFlag before = previous.flags.get(key);
            return before != null && before.fingerprint.equals(flag.fingerprint) ? before : flag;
        });
        return new CompiledDocument(revision, Map.copyOf(kept));
    }
}
