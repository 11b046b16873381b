/**
 * JMH benchmarks of this library beside its peers: the scenarios ({@link dev.flags.benchmarks.Scenarios}), this
 * library's side of them ({@link dev.flags.benchmarks.FlagsScenarios}), the OpenFeature route
 * ({@link dev.flags.benchmarks.OpenFeatureScenarios}), the peers ({@code peers}) and the scale benchmarks
 * ({@code scale}). Run them with {@code benchmarks/run.sh}; {@code benchmarks/README.md} says what each measures.
 */
package dev.flags.benchmarks;
