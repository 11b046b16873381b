package dev.flags.model;

import java.util.Objects;

/**
 * A flag that must serve a given variant (to the same context) before this one is evaluated further; otherwise
 * this flag serves its off variant with reason {@code PREREQUISITE_FAILED}.
 *
 * @param flag    the key of the required flag
 * @param variant the variant it must serve
 */
public record Prerequisite(String flag, String variant) {

    public Prerequisite {
        Objects.requireNonNull(flag, "flag");
        Objects.requireNonNull(variant, "variant");
    }
}
