package dev.flags;

import dev.flags.internal.Attribute;
import dev.flags.internal.Attributes;
import java.time.Instant;
import java.util.Collection;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Who (or what) a flag is evaluated for: a targeting key, which sticky rollouts hash, and attributes that
 * rules test.
 *
 * <pre>{@code
 * FlagContext user = FlagContext.builder("user-42")
 *         .set("country", "NL").set("plan", "pro").set("appVersion", "2.4.1")
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe. Attribute values are parsed once, when the context is built (numbers in
 * strings, semantic versions, instants; strings that cannot be one are turned away on their first characters),
 * so evaluating many flags against one context does no parsing.
 * Conditions may name the targeting key as the attribute {@code key}.
 */
public final class FlagContext {

    private static final FlagContext ANONYMOUS = new FlagContext(null, Attributes.EMPTY);

    private final String key;
    private final Attributes attributes;

    private FlagContext(String key, Attributes attributes) {
        this.key = key;
        this.attributes = attributes;
    }

    /** A context with only a targeting key. */
    public static FlagContext of(String key) {
        return new FlagContext(Objects.requireNonNull(key, "key"), Attributes.of(key));
    }

    /** A context without targeting key or attributes: rollouts that need a key serve the caller's default. */
    public static FlagContext anonymous() {
        return ANONYMOUS;
    }

    /** Starts a context for this targeting key; null builds an anonymous context with attributes. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** The targeting key, or null for an anonymous context. */
    public String key() {
        return key;
    }

    /** The attributes as an unmodifiable map of the values they were set with. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The value of one attribute, as it was set, or null. */
    public Object get(String name) {
        return attributes.get(name);
    }

    /** The attributes as evaluation reads them: for this package's client only. */
    Attributes parsed() {
        return attributes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FlagContext that
                && Objects.equals(key, that.key)
                && attributes.equals(that.attributes);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key) * 31 + attributes.hashCode();
    }

    @Override
    public String toString() {
        return "FlagContext[key=" + key + ", attributes=" + attributes + "]";
    }

    /** Builds a {@link FlagContext}. Not thread-safe; setting an attribute again replaces it; a null value removes it. */
    public static final class Builder {
        private final String key;
        private String[] names = new String[4];
        private Attribute[] values = new Attribute[4];
        private int size;
        /** True once {@link #build()} handed the arrays to a context: the next change copies them first. */
        private boolean built;

        private Builder(String key) {
            this.key = key;
        }

        public Builder set(String name, String value) {
            return put(name, value == null ? null : Attribute.of(value));
        }

        public Builder set(String name, long value) {
            return put(name, Attribute.of(value));
        }

        public Builder set(String name, double value) {
            return put(name, Attribute.of(value));
        }

        public Builder set(String name, boolean value) {
            return put(name, Attribute.of(value));
        }

        public Builder set(String name, Instant value) {
            return put(name, value == null ? null : Attribute.of(value));
        }

        /** A multi-valued attribute (groups, roles): a condition matches when any element does. */
        public Builder set(String name, Collection<?> values) {
            return put(name, values == null ? null : Attribute.ofList(values));
        }

        /**
         * Sets an attribute from a value of any supported type: {@link String}, {@link Number},
         * {@link Boolean}, {@link Instant}, or a {@link Collection} of those.
         *
         * @throws IllegalArgumentException for any other type
         */
        public Builder setValue(String name, Object value) {
            return put(name, value == null ? null : Attribute.ofObject(value));
        }

        /** Copies every attribute of another context (its key is not copied). */
        public Builder setAll(FlagContext other) {
            Attributes from = other.attributes;
            for (int i = 0; i < from.size(); i++) {
                put(from.nameAt(i), from.attributeAt(i));
            }
            return this;
        }

        private Builder put(String name, Attribute attribute) {
            Objects.requireNonNull(name, "name");
            if (Attributes.isKeyAlias(name)) {
                throw new IllegalArgumentException(
                        "'" + name + "' names the targeting key: pass it to FlagContext.builder(key)");
            }
            if (built) {
                names = names.clone();
                values = values.clone();
                built = false;
            }
            int index = indexOf(name);
            if (attribute != null && index >= 0) {
                values[index] = attribute;
            } else if (attribute != null) {
                if (size == names.length) {
                    names = Arrays.copyOf(names, size * 2);
                    values = Arrays.copyOf(values, size * 2);
                }
                names[size] = name;
                values[size++] = attribute;
            } else if (index >= 0) {
                System.arraycopy(names, index + 1, names, index, size - index - 1);
                System.arraycopy(values, index + 1, values, index, size - index - 1);
                names[--size] = null;
                values[size] = null;
            }
            return this;
        }

        private int indexOf(String name) {
            for (int i = 0; i < size; i++) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        public FlagContext build() {
            built = true;
            return new FlagContext(key, Attributes.of(key, names, values, size));
        }
    }
}
