package dev.flags.test;

import dev.flags.FlagDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The flags a {@link TestFlags} defines itself: each flag's definition as JSON, and the document they make
 * together. Every definition is checked alone by the core's own validation when it is made, so a mistake fails at
 * the call that made it. Not thread-safe: {@link TestFlags} guards it.
 */
final class Definitions {

    private final Map<String, String> flags = new LinkedHashMap<>();

    /** A boolean flag serving {@code on} to everyone. */
    static String on(String key) {
        return checked(key, "{}");
    }

    /** A boolean flag serving {@code off} to everyone. */
    static String off(String key) {
        return checked(key, "{\"default\":{\"serve\":\"off\"}}");
    }

    /** A flag with these variants, serving one of them to everyone. */
    static String variant(String key, String served, Map<String, ?> variants) {
        Objects.requireNonNull(served, "variant");
        Objects.requireNonNull(variants, "variants");
        if (!variants.containsKey(served)) {
            throw new IllegalArgumentException("flag '" + key + "' has no variant '" + served + "'; it has "
                    + variants.keySet());
        }
        return checked(key, "{\"variants\":" + Json.write(variants) + ",\"default\":{\"serve\":"
                + Json.write(served) + "}}");
    }

    /** A flag with one variant, {@code value}, holding this value; a boolean makes a boolean flag on or off. */
    static String value(String key, Object value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof Boolean on) {
            return on ? on(key) : off(key);
        }
        return checked(key, "{\"variants\":{\"value\":" + Json.write(value) + "},\"default\":{\"serve\":\"value\"}}");
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

    void put(String key, String definition) {
        flags.put(key, definition);
    }

    /** The document of every flag defined here. */
    String document() {
        return document(flags);
    }

    private static String checked(String key, String definition) {
        Objects.requireNonNull(key, "flagKey");
        List<String> problems = FlagDocuments.validate(document(Map.of(key, definition)));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid flag '" + key + "': " + String.join("; ", problems));
        }
        return definition;
    }

    private static String document(Map<String, String> flags) {
        StringBuilder text = new StringBuilder("{\"flags\":{");
        String separator = "";
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            text.append(separator).append(Json.write(flag.getKey())).append(':').append(flag.getValue());
            separator = ",";
        }
        return text.append("}}").toString();
    }
}
