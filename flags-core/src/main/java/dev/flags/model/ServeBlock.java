package dev.flags.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a rule, or a flag's {@code default}, serves: one variant ({@code serve: VARIANT}), or a rollout over
 * several ({@code rollout: {VARIANT: percent, ...}}) that hashes the targeting key or the attribute {@code by},
 * optionally moving with a {@link Ramp}.
 *
 * <pre>{@code
 * ServeBlock.serve("on");
 * ServeBlock.rollout(Weight.of("on", 10), Weight.of("off", 90)).withBy("userId");
 * }</pre>
 *
 * @param serve   the variant served to everyone, or null for a rollout
 * @param rollout the rollout's weights in declaration order (variants take bucket ranges in this order), or empty
 *                when {@code serve} is set
 * @param by      the attribute a rollout hashes instead of the targeting key, or null
 * @param ramp    the rollout's ramp, or null
 */
public record ServeBlock(@Nullable String serve, List<Weight> rollout, @Nullable String by,
        @Nullable Ramp ramp) {

    /** @throws IllegalArgumentException unless exactly one of serve and rollout is given, and by and ramp only with a rollout */
    public ServeBlock {
        rollout = Values.list(rollout == null ? List.of() : rollout, "rollout");
        if ((serve == null) == rollout.isEmpty()) {
            throw new IllegalArgumentException(serve == null
                    ? "a serve block needs 'serve: VARIANT' or 'rollout: {VARIANT: percent, ...}'"
                    : "a serve block has either 'serve' or 'rollout', not both");
        }
        if (serve != null && (by != null || ramp != null)) {
            throw new IllegalArgumentException("'by' and 'ramp' only apply to a rollout");
        }
    }

    /** Serves {@code variant} to everyone. */
    public static ServeBlock serve(String variant) {
        return new ServeBlock(Objects.requireNonNull(variant, "variant"), List.of(), null, null);
    }

    /** A rollout over these weights, in this order. */
    public static ServeBlock rollout(Weight... weights) {
        return rollout(Arrays.asList(weights));
    }

    /** A rollout over these weights, in this order. */
    public static ServeBlock rollout(List<Weight> weights) {
        return new ServeBlock(null, weights, null, null);
    }

    /** True for a rollout, false for a fixed variant. */
    public boolean isRollout() {
        return serve == null;
    }

    /** This rollout with other weights, its {@code by} and {@code ramp} kept. */
    public ServeBlock withRollout(List<Weight> weights) {
        return new ServeBlock(null, weights, by, ramp);
    }

    /** This rollout hashing {@code attribute} (null: the targeting key). */
    public ServeBlock withBy(@Nullable String attribute) {
        return new ServeBlock(serve, rollout, attribute, ramp);
    }

    /** This rollout moving with {@code ramp} (null: none). */
    public ServeBlock withRamp(@Nullable Ramp ramp) {
        return new ServeBlock(serve, rollout, by, ramp);
    }
}
