package dev.flags.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A progressive rollout: {@code variant}'s percentage moves linearly from {@code from} (up to {@code start}) to
 * {@code to} (from {@code end} on); the rollout's other variants share the rest in proportion to their weights.
 *
 * @param variant one of the rollout's variants
 * @param from    its percentage up to {@code start}
 * @param to      its percentage from {@code end} on
 * @param start   when the ramp starts
 * @param end     when it ends; must be after {@code start} (checked when the document is validated)
 */
public record Ramp(String variant, double from, double to, Instant start, Instant end) {

    public Ramp {
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }
}
