/**
 * How the provider translates between OpenFeature and the engine: contexts in, resolution details and values
 * out, status and changes as events. No compatibility promise.
 */
package dev.flags.openfeature.internal;
