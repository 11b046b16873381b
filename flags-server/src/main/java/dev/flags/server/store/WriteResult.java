package dev.flags.server.store;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a write did, or (dry run) would do.
 *
 * @param revision the new revision (or the current one when nothing changed; the next one for a dry run)
 * @param version the written flag's version after the write, null for a deleted flag or a write of many flags
 * @param written false for a dry run, or when the intent was already in place
 * @param changes each flag whose definition changed, with before and after (null when absent)
 */
public record WriteResult(long revision, Long version, boolean written, List<Change> changes) {

    /** One flag's definition before and after. */
    public record Change(String flag, ObjectNode before, ObjectNode after) {
    }
}
