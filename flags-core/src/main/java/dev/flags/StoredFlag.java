package dev.flags;

import java.util.Objects;

/**
 * One flag's definition as a {@link FlagStore} holds it.
 *
 * @param definition the flag as JSON or YAML: the object that would stand under {@code flags.<key>} in a
 *                   document. Its {@code inSegment} conditions name segments of the client's
 *                   {@link SegmentMembership}; its prerequisites may name any flag the client knows.
 * @param revision   the store's revision of this flag, growing with every change
 */
public record StoredFlag(String definition, long revision) {

    /** @throws NullPointerException when the definition is null */
    public StoredFlag {
        Objects.requireNonNull(definition, "definition");
    }
}
