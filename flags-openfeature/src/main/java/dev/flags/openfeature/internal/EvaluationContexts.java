package dev.flags.openfeature.internal;

import dev.flags.FlagContext;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenFeature's evaluation context as a {@link FlagContext}: the targeting key, and each attribute the engine can
 * compare. Strings, numbers, booleans and instants keep their type; a list keeps its scalar elements; a structure
 * is flattened into dotted names ({@code address.country}), down to {@value #MAX_DEPTH} levels. Null values,
 * and the attributes named like the targeting key ({@code targetingKey}, {@code key}), are left out.
 */
public final class EvaluationContexts {

    /** How deep nested structures are flattened; deeper levels are left out (and a structure holding itself ends). */
    public static final int MAX_DEPTH = 8;

    /** Names the engine reserves for the targeting key. */
    private static final Set<String> KEY_NAMES = Set.of(EvaluationContext.TARGETING_KEY, "key");

    private EvaluationContexts() {
    }

    /** The context for the engine; an absent or empty targeting key makes an anonymous context. */
    public static FlagContext toFlagContext(EvaluationContext context) {
        if (context == null) {
            return FlagContext.anonymous();
        }
        String key = context.getTargetingKey();
        FlagContext.Builder builder = FlagContext.builder(key == null || key.isEmpty() ? null : key);
        // The unmodifiable view, read only: keySet() and getValue() would copy the key set and clone every value.
        for (Map.Entry<String, Value> attribute : context.asUnmodifiableMap().entrySet()) {
            String name = attribute.getKey();
            if (name != null && !KEY_NAMES.contains(name)) {
                add(builder, name, attribute.getValue(), 1);
            }
        }
        return builder.build();
    }

    private static void add(FlagContext.Builder builder, String name, Value value, int depth) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isStructure()) {
            if (depth < MAX_DEPTH) {
                for (Map.Entry<String, Value> child : value.asStructure().asUnmodifiableMap().entrySet()) {
                    if (child.getKey() != null) {
                        add(builder, name + "." + child.getKey(), child.getValue(), depth + 1);
                    }
                }
            }
        } else if (value.isList()) {
            List<Object> elements = new ArrayList<>();
            for (Value element : value.asList()) {
                Object scalar = element == null ? null : scalar(element);
                if (scalar != null) {
                    elements.add(scalar);
                }
            }
            builder.set(name, elements);
        } else {
            Object scalar = scalar(value);
            if (scalar != null) {
                builder.setValue(name, scalar);
            }
        }
    }

    /** A String, Number, Boolean or Instant; null for anything else. */
    private static Object scalar(Value value) {
        if (value.isString()) {
            return value.asString();
        } else if (value.isBoolean()) {
            return value.asBoolean();
        } else if (value.isNumber()) {
            return value.asObject();
        } else if (value.isInstant()) {
            return value.asInstant();
        }
        return null;
    }
}
