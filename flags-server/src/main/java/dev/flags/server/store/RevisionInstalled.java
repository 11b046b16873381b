package dev.flags.server.store;

/** Published (as a Spring application event) each time an environment moves to a newer revision in memory. */
public record RevisionInstalled(Snapshot snapshot) {
}
