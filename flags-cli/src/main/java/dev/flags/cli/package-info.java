/**
 * The {@code flags} command for ops and scripts: {@link dev.flags.cli.Flags} is its entry point; the commands and
 * their HTTP client live in {@code internal}.
 */
package dev.flags.cli;
