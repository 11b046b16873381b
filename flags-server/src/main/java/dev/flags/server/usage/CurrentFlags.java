package dev.flags.server.usage;

import dev.flags.FlagDocuments;
import dev.flags.model.FlagDefinition;
import dev.flags.server.store.Snapshot;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the usage side needs of one revision of an environment, read once per revision through flags-core's model:
 * each flag's version, kill switch, variants and guard.
 */
final class CurrentFlags {

    /** One flag of the revision; {@code guardEvent} is null when it has no guard. */
    record Flag(String key, long version, boolean enabled, Set<String> variants, String guardEvent) {
    }

    final long revision;
    final Map<String, Flag> flags;

    private CurrentFlags(long revision, Map<String, Flag> flags) {
        this.revision = revision;
        this.flags = flags;
    }

    static CurrentFlags of(Snapshot snapshot) {
        Map<String, Flag> flags = new TreeMap<>();
        var document = FlagDocuments.parse(new String(snapshot.json(), StandardCharsets.UTF_8));
        for (Map.Entry<String, FlagDefinition> entry : document.flags().entrySet()) {
            FlagDefinition definition = entry.getValue();
            var guard = snapshot.document().path("flags").path(entry.getKey()).path("guard").path("event");
            flags.put(entry.getKey(), new Flag(entry.getKey(), snapshot.version(entry.getKey()), definition.enabled(),
                    Set.copyOf(definition.effectiveVariants().keySet()), guard.isString() ? guard.stringValue() : null));
        }
        return new CurrentFlags(snapshot.revision(), flags);
    }
}
