package dev.flags;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Tells change listeners which flags changed: a new document changed their definitions (or a segment they
 * use), or a local override was set or cleared.
 *
 * @param flagKeys the keys whose definition or override changed; never empty
 * @param revision the revision now answering, or null
 */
public record FlagChangeEvent(Set<String> flagKeys, @Nullable Long revision) {

    public FlagChangeEvent {
        flagKeys = Set.copyOf(flagKeys);
    }
}
