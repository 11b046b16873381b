/**
 * An OpenFeature provider, {@link dev.flags.openfeature.FlagsProvider}, so that applications coding against the
 * OpenFeature API evaluate their flags with this library's engine: the evaluation context becomes a
 * {@link dev.flags.FlagContext}, reasons and error codes keep their names, and the client's status and flag
 * changes become provider events.
 */
package dev.flags.openfeature;
