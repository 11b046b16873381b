/**
 * How this library scales: evaluation with 10 and 10,000 flags, compiling a 10,000-flag document, the heap it
 * holds, and the time from a changed document to the new snapshot. Only this library: the peers have no
 * comparable document to compile.
 */
package dev.flags.benchmarks.scale;
