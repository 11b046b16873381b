/**
 * The remote source's machinery, with no compatibility promise: conditional fetches, the poll schedule with
 * retry and circuit breaker, the event stream, the backup file and the usage reporter.
 */
package dev.flags.remote.internal;
