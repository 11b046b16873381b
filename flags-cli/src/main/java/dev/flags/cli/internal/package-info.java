/**
 * The commands (one picocli class each), the flags-server client, and the output helpers (tables, colours, diffs,
 * the line of a document's path). No compatibility promise.
 */
package dev.flags.cli.internal;
