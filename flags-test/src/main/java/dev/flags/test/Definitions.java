package dev.flags.test;

import dev.flags.DocumentProblem;
import dev.flags.FlagDocuments;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import dev.flags.model.ServeBlock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The flags a {@link TestFlags} defines itself: each flag's definition, and the document they make together.
 * Every definition is checked alone by the core's own validation when it is made, so a mistake fails at the call
 * that made it. Not thread-safe: {@link TestFlags} guards it.
 */
final class Definitions {

    private final Map<String, FlagDefinition> flags = new LinkedHashMap<>();

    /** A boolean flag serving {@code on} to everyone. */
    static FlagDefinition on(String key) {
        return checked(key, FlagDefinition.on());
    }

    /** A boolean flag serving {@code off} to everyone. */
    static FlagDefinition off(String key) {
        return checked(key, FlagDefinition.off());
    }

    /** A flag with these variants, serving one of them to everyone. */
    static FlagDefinition variant(String key, String served, Map<String, ?> variants) {
        Objects.requireNonNull(served, "variant");
        Objects.requireNonNull(variants, "variants");
        if (!variants.containsKey(served)) {
            throw new IllegalArgumentException("flag '" + key + "' has no variant '" + served + "'; it has "
                    + variants.keySet());
        }
        return checked(key, FlagDefinition.builder().variants(variants).defaultServe(ServeBlock.serve(served)).build());
    }

    /** A flag with one variant, {@code value}, holding this value; a boolean makes a boolean flag on or off. */
    static FlagDefinition value(String key, Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof Boolean on) {
            return on ? on(key) : off(key);
        }
        return checked(key, FlagDefinition.builder().variant("value", value)
                .defaultServe(ServeBlock.serve("value")).build());
    }

    /** A copy that changes independently of this one. */
    Definitions copy() {
        Definitions copy = new Definitions();
        copy.flags.putAll(flags);
        return copy;
    }

    boolean contains(String key) {
        return flags.containsKey(key);
    }

    void put(String key, FlagDefinition definition) {
        flags.put(key, definition);
    }

    /** The document of every flag defined here. */
    String document() {
        return FlagDocuments.toJson(FlagDocument.of(flags));
    }

    private static FlagDefinition checked(String key, FlagDefinition definition) {
        Objects.requireNonNull(key, "flagKey");
        List<DocumentProblem> problems = FlagDocuments.problems(FlagDocument.of(Map.of(key, definition)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid flag '" + key + "': "
                    + problems.stream().map(DocumentProblem::toString).collect(Collectors.joining("; ")));
        }
        return definition;
    }
}
