/**
 * The feature flag API: {@link dev.flags.FeatureFlags} evaluates flags for a {@link dev.flags.FlagContext}
 * from the documents that {@link dev.flags.FlagSource}s deliver (see {@link dev.flags.FlagSources}) and the
 * flags a {@link dev.flags.FlagStore} answers, with local {@link dev.flags.Overrides}, change listeners,
 * {@link dev.flags.FlagObserver}s and a {@link dev.flags.FlagsStatus}. Evaluation never throws.
 *
 * <p>Nothing is null unless marked {@link org.jspecify.annotations.Nullable}; evaluation methods accept a null
 * key or context all the same and answer with the caller's default.
 */
@NullMarked
package dev.flags;

import org.jspecify.annotations.NullMarked;
