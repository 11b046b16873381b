/**
 * Environments, revisions and the counter row, the write rules, and the definitions (through flags-core's
 * model); the newest revision of each environment is rendered in memory. No HTTP here.
 */
package dev.flags.server.store;
