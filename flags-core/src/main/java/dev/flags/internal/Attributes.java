package dev.flags.internal;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The attributes of a context: a read-only map of the values as set, over the parsed {@link Attribute}s that
 * conditions read. Names and attributes sit in two parallel arrays in the order they were set: a context holds
 * a handful of attributes, which a scan finds without hashing, and builds with two small arrays instead of a
 * map's nodes. A context with more than a few (one copied from request headers) gets an open-addressing index
 * too, so that a lookup stays a probe or two however many there are.
 */
public final class Attributes extends AbstractMap<String, Object> {

    /** Up to this many attributes, a lookup scans; past it, it probes the index. */
    private static final int SCAN_LIMIT = 8;
    private static final String[] NO_NAMES = {};
    private static final Attribute[] NO_ATTRIBUTES = {};

    public static final Attributes EMPTY = new Attributes(null, NO_NAMES, NO_ATTRIBUTES, 0);

    private final Attribute key;
    private final String[] names;
    private final Attribute[] values;
    private final int size;
    /** For more than {@link #SCAN_LIMIT} attributes: slots of position + 1 (0 is empty), at most half full. */
    private final int[] slots;
    private final int mask;

    private Attributes(Attribute key, String[] names, Attribute[] values, int size) {
        this.key = key;
        this.names = names;
        this.values = values;
        this.size = size;
        if (size > SCAN_LIMIT) {
            int capacity = Integer.highestOneBit(size * 2 - 1) << 1;
            this.slots = new int[capacity];
            this.mask = capacity - 1;
            for (int i = 0; i < size; i++) {
                int slot = spread(names[i].hashCode()) & mask;
                while (slots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                slots[slot] = i + 1;
            }
        } else {
            this.slots = null;
            this.mask = 0;
        }
    }

    private static int spread(int hash) {
        return hash * 0x9E3779B9 >>> 16 ^ hash;
    }

    /**
     * The attributes of a context with this targeting key (null for anonymous): the first {@code size} entries
     * of the arrays, which the caller hands over and must not change afterwards.
     */
    public static Attributes of(String key, String[] names, Attribute[] values, int size) {
        Attribute keyAttribute = key == null ? null : Attribute.targetingKey(key);
        if (size == 0) {
            return keyAttribute == null ? EMPTY : new Attributes(keyAttribute, NO_NAMES, NO_ATTRIBUTES, 0);
        }
        return new Attributes(keyAttribute, names, values, size);
    }

    /** The attributes of a context with only a targeting key. */
    public static Attributes of(String key) {
        return of(key, NO_NAMES, NO_ATTRIBUTES, 0);
    }

    /** True for the attribute names that mean the targeting key in conditions. */
    public static boolean isKeyAlias(String name) {
        return "key".equals(name) || "targetingKey".equals(name);
    }

    /** The name of the attribute at {@code index}, in the order set. */
    public String nameAt(int index) {
        return names[index];
    }

    /** The attribute at {@code index}, in the order set. */
    public Attribute attributeAt(int index) {
        return values[index];
    }

    /** The targeting key as an attribute, or null. */
    Attribute key() {
        return key;
    }

    /** The named attribute, or null. */
    Attribute find(String name) {
        int index = indexOf(name);
        return index < 0 ? null : values[index];
    }

    private int indexOf(Object name) {
        if (name instanceof String wanted) {
            int hash = wanted.hashCode();
            String[] names = this.names;
            int[] slots = this.slots;
            if (slots != null) {
                for (int slot = spread(hash) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
                    String candidate = names[slots[slot] - 1];
                    if (candidate == wanted || candidate.hashCode() == hash && candidate.equals(wanted)) {
                        return slots[slot] - 1;
                    }
                }
                return -1;
            }
            for (int i = 0; i < size; i++) {
                String candidate = names[i];
                if (candidate == wanted || candidate.hashCode() == hash && candidate.equals(wanted)) {
                    return i;
                }
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Object get(Object name) {
        int index = indexOf(name);
        return index < 0 ? null : values[index].raw;
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(name) >= 0;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, Object> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(names[i], values[i].raw);
                    }
                };
            }
        };
    }
}
