package dev.flags.internal;

import java.util.Map;

/**
 * A flag document that passed validation, compiled once for evaluation. Immutable.
 *
 * @param revision the document's revision, or null when it has none
 * @param flags    the compiled flags by key
 */
record CompiledDocument(Long revision, Map<String, CompiledFlag> flags) {
}
