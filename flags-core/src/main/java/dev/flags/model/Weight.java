package dev.flags.model;

import java.util.Objects;

/**
 * One variant's share of a rollout.
 *
 * @param variant the variant served to this share
 * @param percent its percentage, 0 to 100 with at most three decimals (checked when the document is validated)
 */
public record Weight(String variant, double percent) {

    public Weight {
        Objects.requireNonNull(variant, "variant");
    }

    /** {@code variant} gets {@code percent} percent of the contexts. */
    public static Weight of(String variant, double percent) {
        return new Weight(variant, percent);
    }
}
