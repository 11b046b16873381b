package dev.flags.server.usage;

import dev.flags.FlagDocuments;
import dev.flags.model.FlagDefinition;
import dev.flags.model.Guard;
import dev.flags.server.store.Definitions;
import dev.flags.server.store.Snapshot;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the usage side needs of one revision of an environment, read once per revision through flags-core's model:
 * each flag's version, kill switch, variants and guard.
 */
final class CurrentFlags {

    /** One flag of the revision; {@code guard} is null when it has none. */
    record Flag(String key, long version, boolean enabled, Set<String> variants, Guard guard) {
        /** The event its guard watches, or null. */
        String guardEvent() {
            return guard == null ? null : guard.event();
        }
    }

    final long revision;
    final Map<String, Flag> flags;

    private CurrentFlags(long revision, Map<String, Flag> flags) {
        this.revision = revision;
        this.flags = flags;
    }

    /** Each flag through flags-core's model; one the model cannot read (written by another version) is left out. */
    static CurrentFlags of(Snapshot snapshot) {
        Map<String, Flag> flags = new TreeMap<>();
        for (Map.Entry<String, ObjectNode> entry : Definitions.flags(snapshot.document()).entrySet()) {
            FlagDefinition definition;
            try {
                definition = FlagDocuments.parseFlag(entry.getKey(), Definitions.write(entry.getValue()));
            } catch (RuntimeException unreadable) {
                continue;
            }
            flags.put(entry.getKey(), new Flag(entry.getKey(), snapshot.version(entry.getKey()), definition.enabled(),
                    Set.copyOf(definition.effectiveVariants().keySet()), definition.guard()));
        }
        return new CurrentFlags(snapshot.revision(), flags);
    }
}
