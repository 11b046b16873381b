/**
 * Cold start: the time from {@code main} to the first evaluation in a fresh JVM, for this library and its peers,
 * one child JVM per sample ({@link dev.flags.benchmarks.coldstart.ColdStart}).
 */
package dev.flags.benchmarks.coldstart;
