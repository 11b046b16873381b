package dev.flags.server.store;

import tools.jackson.databind.node.ObjectNode;

/**
 * What a write does to an environment, decided against its newest revision inside the write transaction (so a
 * version check and the write are one step). It throws a {@link StoreException} to refuse.
 */
@FunctionalInterface
public interface Edit {

    /** The new document, or null when there is nothing to change (an intent already in place). */
    Proposal propose(State current);

    /** The newest revision of an environment as the edit sees it. */
    record State(long revision, ObjectNode document, java.util.Map<String, Long> versions) {
        public ObjectNode definition(String key) {
            ObjectNode definition = Definitions.flag(document, key);
            return definition == null ? null : definition.deepCopy();
        }

        public Long version(String key) {
            return versions.get(key);
        }
    }

    /** A would-be document, with the action and flag its revision records (flag null for many flags). */
    record Proposal(ObjectNode document, String action, String flag) {
    }
}
