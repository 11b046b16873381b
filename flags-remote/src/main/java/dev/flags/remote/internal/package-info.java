/**
 * The remote source's machinery, with no compatibility promise: conditional fetches, the poll schedule with
 * retry and circuit breaker, the event stream and the backup file.
 */
package dev.flags.remote.internal;
