/**
 * The engine behind the API, with no compatibility promise: the document reader and compiler, compiled
 * flags with every outcome built in advance, conditions, rollouts, the published snapshot, the store caches
 * and the local sources.
 */
package dev.flags.internal;
