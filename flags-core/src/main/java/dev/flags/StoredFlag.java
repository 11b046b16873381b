package dev.flags;

import dev.flags.model.FlagDefinition;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One flag's definition as a {@link FlagStore} holds it: as text ({@link #StoredFlag(String, long)}), which the
 * client parses, or as a model ({@link #of(FlagDefinition, long)}) for a store that already holds one, which
 * the client compiles without writing and reading it again. Exactly one of {@code definition} and {@code model}
 * is set. Either way its {@code inSegment} conditions name segments of the client's {@link SegmentMembership},
 * and its prerequisites may name any flag the client knows.
 *
 * @param definition the flag as JSON or YAML: the object that would stand under {@code flags.<key>} in a
 *                   document; null when the model is given
 * @param model      the flag as a model; null when the text is given
 * @param revision   the store's revision of this flag, growing with every change
 */
public record StoredFlag(@Nullable String definition, @Nullable FlagDefinition model, long revision) {

    /** @throws IllegalArgumentException unless exactly one of the definition and the model is given */
    public StoredFlag {
        if ((definition == null) == (model == null)) {
            throw new IllegalArgumentException("a stored flag has either a definition or a model, not "
                    + (definition == null ? "neither" : "both"));
        }
    }

    /**
     * A flag given as text.
     *
     * @throws NullPointerException when the definition is null
     */
    public StoredFlag(String definition, long revision) {
        this(Objects.requireNonNull(definition, "definition"), null, revision);
    }

    /**
     * A flag given as a model.
     *
     * @throws NullPointerException when the model is null
     */
    public static StoredFlag of(FlagDefinition model, long revision) {
        return new StoredFlag(null, Objects.requireNonNull(model, "model"), revision);
    }
}
