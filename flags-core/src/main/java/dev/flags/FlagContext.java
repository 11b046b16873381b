package dev.flags;

import dev.flags.internal.Attribute;
import dev.flags.internal.Attributes;
import java.time.Instant;
import java.util.Collection;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

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

    private final @Nullable String key;
    private final Attributes attributes;

    private FlagContext(@Nullable String key, Attributes attributes) {
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
    public static Builder builder(@Nullable String key) {
        return new Builder(key);
    }

    /** The targeting key, or null for an anonymous context. */
    public @Nullable String key() {
        return key;
    }

    /** The attributes as an unmodifiable map of the values they were set with. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** The value of one attribute, as it was set, or null. */
    public @Nullable Object get(String name) {
        return attributes.get(name);
    }

    /** The attributes as evaluation reads them: for this package's client only. */
    Attributes parsed() {
        return attributes;
    }

    @Override
    public boolean equals(@Nullable Object other) {
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

    /**
     * Builds a {@link FlagContext}. Not thread-safe; setting an attribute again replaces it; a null value removes
     * it. Building takes time linear in the number of attributes set.
     */
    public static final class Builder {
        /** Up to this many attributes, a name is found by a scan; past it, through an index. */
        private static final int SCAN_LIMIT = 8;

        private final @Nullable String key;
        /** Names and attributes in the order set; a removed one leaves a null in both until build(). */
        private @Nullable String[] names = new String[4];
        private @Nullable Attribute[] values = new Attribute[4];
        private int size;
        private int removed;
        /** Each name's position, once there are more than {@link #SCAN_LIMIT}. */
        private @Nullable Map<String, Integer> index;
        /** True once {@link #build()} handed the arrays to a context: the next change copies them first. */
        private boolean built;

        private Builder(@Nullable String key) {
            this.key = key;
        }

        /** Sets a text attribute; null removes it. */
        public Builder set(String name, @Nullable String value) {
            return put(name, value == null ? null : Attribute.of(value));
        }

        /** Sets a whole-number attribute. */
        public Builder set(String name, long value) {
            return put(name, Attribute.of(value));
        }

        /** Sets a number attribute. */
        public Builder set(String name, double value) {
            return put(name, Attribute.of(value));
        }

        /** Sets a boolean attribute. */
        public Builder set(String name, boolean value) {
            return put(name, Attribute.of(value));
        }

        /**
         * Sets an instant attribute, for {@code before} and {@code after}; null removes it. Any instant is
         * accepted: {@link Instant#MAX}, a common "never expires", is after every instant a document can name.
         */
        public Builder set(String name, @Nullable Instant value) {
            return put(name, value == null ? null : Attribute.of(value));
        }

        /** A multi-valued attribute (groups, roles): a condition matches when any element does. */
        public Builder set(String name, @Nullable Collection<?> values) {
            return put(name, values == null ? null : Attribute.ofList(values));
        }

        /**
         * Sets an attribute from a value of any supported type: {@link String}, {@link Number},
         * {@link Boolean}, {@link Instant}, or a {@link Collection} of those. Whole numbers compare exactly
         * within the range of a {@code long}, {@link java.math.BigInteger} and {@link java.math.BigDecimal}
         * included; others compare as doubles.
         *
         * @throws IllegalArgumentException for any other type
         */
        public Builder setValue(String name, @Nullable Object value) {
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

        private Builder put(String name, @Nullable Attribute attribute) {
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
            int at = indexOf(name);
            if (attribute != null && at >= 0) {
                values[at] = attribute;
            } else if (attribute != null) {
                append(name, attribute);
            } else if (at >= 0) {
                names[at] = null;
                values[at] = null;
                removed++;
                if (index != null) {
                    index.remove(name);
                }
            }
            return this;
        }

        private void append(String name, Attribute attribute) {
            if (size == names.length) {
                names = Arrays.copyOf(names, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            names[size] = name;
            values[size] = attribute;
            if (index != null) {
                index.put(name, size);
            } else if (size - removed >= SCAN_LIMIT) {
                index = new HashMap<>();
                for (int i = 0; i <= size; i++) {
                    if (names[i] != null) {
                        index.put(names[i], i);
                    }
                }
            }
            size++;
        }

        private int indexOf(String name) {
            if (index != null) {
                Integer at = index.get(name);
                return at == null ? -1 : at;
            }
            for (int i = 0; i < size; i++) {
                if (name.equals(names[i])) {
                    return i;
                }
            }
            return -1;
        }

        /** The context; the builder may go on to build others. */
        public FlagContext build() {
            if (removed == 0) {
                built = true;
                return new FlagContext(key, Attributes.of(key, names, values, size));
            }
            String[] liveNames = new String[size - removed];
            Attribute[] liveValues = new Attribute[size - removed];
            int live = 0;
            for (int i = 0; i < size; i++) {
                if (names[i] != null) {
                    liveNames[live] = names[i];
                    liveValues[live++] = values[i];
                }
            }
            return new FlagContext(key, Attributes.of(key, liveNames, liveValues, live));
        }
    }
}
