package dev.flags.server.store;

import java.time.Instant;

/** One entry of an environment's history. */
public record Revision(long revision, Instant time, String actor, String action, String flag, String comment) {
}
