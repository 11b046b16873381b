package dev.flags.internal;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The attributes of a context: a read-only map of the values as set, over the parsed {@link Attribute}s that
 * conditions read.
 */
public final class Attributes extends AbstractMap<String, Object> {

    public static final Attributes EMPTY = new Attributes(null, Map.of(), Map.of());

    private final Attribute key;
    private final Map<String, Attribute> parsed;
    private final Map<String, Object> raw;

    private Attributes(Attribute key, Map<String, Attribute> parsed, Map<String, Object> raw) {
        this.key = key;
        this.parsed = parsed;
        this.raw = raw;
    }

    /** The attributes of a context with this targeting key (null for anonymous). */
    public static Attributes of(String key, Map<String, Attribute> attributes) {
        Attribute keyAttribute = key == null ? null : Attribute.of(key);
        if (attributes.isEmpty()) {
            return keyAttribute == null ? EMPTY : new Attributes(keyAttribute, Map.of(), Map.of());
        }
        Map<String, Attribute> parsed = new LinkedHashMap<>(attributes);
        Map<String, Object> raw = new LinkedHashMap<>();
        parsed.forEach((name, attribute) -> raw.put(name, attribute.raw));
        return new Attributes(keyAttribute, parsed, Collections.unmodifiableMap(raw));
    }

    public static void copyInto(Map<String, Object> from, Map<String, Attribute> to) {
        to.putAll(((Attributes) from).parsed);
    }

    /** True for the attribute names that mean the targeting key in conditions. */
    public static boolean isKeyAlias(String name) {
        return "key".equals(name) || "targetingKey".equals(name);
    }

    /** The targeting key as an attribute, or null. */
    Attribute key() {
        return key;
    }

    /** The named attribute, the targeting key for its aliases, or null. */
    Attribute find(String name) {
        return parsed.get(name);
    }

    @Override
    public Object get(Object name) {
        return raw.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return raw.containsKey(name);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return raw.entrySet();
    }
}
