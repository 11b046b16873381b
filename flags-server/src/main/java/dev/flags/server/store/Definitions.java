package dev.flags.server.store;

import dev.flags.FlagDocuments;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the server knows about flag definitions, on Jackson trees: parse, validate with flags-core's
 * compiler, canonical writing, and the kill, restore and rollout edits. The one place to switch to flags-core's
 * definition model once it exists.
 */
public final class Definitions {

    /** The flag-key rule of the document's schema. */
    public static final Pattern FLAG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PROBLEM = Pattern.compile("(?s)flags\\.(.+?)(?:\\.([^:]*?))?: (.*)");

    private Definitions() {
    }

    /** One problem of a would-be document; {@code flag} and {@code field} are null where it names none. */
    public record FieldError(String flag, String field, String message) {
    }

    /** Parses JSON text into a tree; throws {@link JacksonException} when it is not JSON. */
    public static JsonNode parse(byte[] json) {
        return JSON.readTree(json);
    }

    /** Parses a stored document. */
    public static ObjectNode parseDocument(String json) {
        return (ObjectNode) JSON.readTree(json);
    }

    /** An empty document: no segments, no flags. */
    public static ObjectNode emptyDocument() {
        ObjectNode document = NODES.objectNode();
        document.set("flags", NODES.objectNode());
        return document;
    }

    /** The document's flags, sorted by key. */
    public static Map<String, ObjectNode> flags(ObjectNode document) {
        Map<String, ObjectNode> flags = new TreeMap<>();
        JsonNode node = document.get("flags");
        if (node != null && node.isObject()) {
            for (Map.Entry<String, JsonNode> flag : node.properties()) {
                flags.put(flag.getKey(), (ObjectNode) flag.getValue());
            }
        }
        return flags;
    }

    /** One flag's definition, or null. */
    public static ObjectNode flag(ObjectNode document, String key) {
        JsonNode node = document.path("flags").get(key);
        return node instanceof ObjectNode object ? object : null;
    }

    /**
     * The canonical form: {@code revision} (when given), {@code segments} (when any), then {@code flags} sorted by
     * key; each definition as written (its order carries meaning: rollout variants take buckets in order).
     */
    public static ObjectNode canonical(ObjectNode document, Long revision) {
        ObjectNode canonical = NODES.objectNode();
        if (revision != null) {
            canonical.put("revision", revision);
        }
        JsonNode segments = document.get("segments");
        if (segments != null && !segments.isNull() && !(segments.isObject() && segments.isEmpty())) {
            canonical.set("segments", segments.deepCopy());
        }
        ObjectNode flags = canonical.putObject("flags");
        flags(document).forEach((key, definition) -> flags.set(key, definition.deepCopy()));
        return canonical;
    }

    /** The document with one flag set (a copy). */
    public static ObjectNode withFlag(ObjectNode document, String key, ObjectNode definition) {
        ObjectNode copy = canonical(document, null);
        ((ObjectNode) copy.get("flags")).set(key, definition.deepCopy());
        return canonical(copy, null);
    }

    /** The document without one flag (a copy). */
    public static ObjectNode withoutFlag(ObjectNode document, String key) {
        ObjectNode copy = canonical(document, null);
        ((ObjectNode) copy.get("flags")).remove(key);
        return copy;
    }

    /** The document with {@code segments} of another (a copy), for promotion and rollback. */
    public static ObjectNode withSegmentsOf(ObjectNode document, ObjectNode source) {
        ObjectNode copy = canonical(document, null);
        copy.remove("segments");
        JsonNode segments = source.get("segments");
        if (segments != null) {
            copy.set("segments", segments.deepCopy());
        }
        return canonical(copy, null);
    }

    public static String write(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    public static byte[] writeBytes(Object value) {
        return JSON.writeValueAsBytes(value);
    }

    public static int size(ObjectNode document) {
        return write(document).getBytes(StandardCharsets.UTF_8).length;
    }

    /** The flag's kill switch: true unless {@code enabled: false}. */
    public static boolean enabled(ObjectNode definition) {
        JsonNode enabled = definition.get("enabled");
        return enabled == null || !enabled.isBoolean() || enabled.booleanValue();
    }

    public static String description(ObjectNode definition) {
        JsonNode description = definition.get("description");
        return description != null && description.isString() ? description.stringValue() : null;
    }

    /** The definition with {@code enabled} set (a copy). */
    public static ObjectNode withEnabled(ObjectNode definition, boolean enabled) {
        ObjectNode copy = definition.deepCopy();
        copy.put("enabled", enabled);
        return copy;
    }

    /** True for a boolean flag: no variants, or only boolean ones. */
    public static boolean isBoolean(ObjectNode definition) {
        JsonNode variants = definition.get("variants");
        if (variants == null) {
            return true;
        }
        if (!variants.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> variant : variants.properties()) {
            if (!variant.getValue().isBoolean()) {
                return false;
            }
        }
        return variants.has("on") && variants.has("off");
    }

    /**
     * The definition whose default serve block becomes {@code rollout: {on: percent, off: 100 - percent}}, its other
     * keys ({@code by}, {@code ramp}) kept (a copy). The caller checks {@link #isBoolean} and the range.
     */
    public static ObjectNode withRollout(ObjectNode definition, BigDecimal percent) {
        ObjectNode copy = definition.deepCopy();
        JsonNode current = copy.get("default");
        ObjectNode block = current instanceof ObjectNode object ? object : copy.putObject("default");
        block.remove("serve");
        ObjectNode rollout = NODES.objectNode();
        rollout.put("on", percent.stripTrailingZeros());
        rollout.put("off", BigDecimal.valueOf(100).subtract(percent).stripTrailingZeros());
        block.set("rollout", rollout);
        // through text, so the numbers are the node types a parsed document has and equality holds
        return (ObjectNode) JSON.readTree(write(copy));
    }

    /** Every problem of a would-be document, with flag and field taken apart; empty when it is valid. */
    public static List<FieldError> validate(ObjectNode document) {
        List<String> problems;
        try {
            problems = FlagDocuments.validate(write(canonical(document, null)));
        } catch (RuntimeException e) {
            return List.of(new FieldError(null, null, "the document could not be checked: " + e.getMessage()));
        }
        List<FieldError> errors = new ArrayList<>();
        Map<String, ObjectNode> flags = flags(document);
        for (String problem : problems) {
            errors.add(fieldError(problem, flags));
        }
        return errors;
    }

    private static FieldError fieldError(String problem, Map<String, ObjectNode> flags) {
        if (problem.startsWith("flags.")) {
            // keys may hold dots: take the longest key of the document that the path starts with
            String rest = problem.substring("flags.".length());
            String best = null;
            for (String key : flags.keySet()) {
                if ((rest.startsWith(key + ".") || rest.startsWith(key + ":") || rest.startsWith(key + "["))
                        && (best == null || key.length() > best.length())) {
                    best = key;
                }
            }
            if (best != null) {
                String after = rest.substring(best.length());
                int colon = after.indexOf(": ");
                String field = colon < 0 ? "" : after.substring(0, colon);
                String message = colon < 0 ? after : after.substring(colon + 2);
                if (field.startsWith(".")) {
                    field = field.substring(1);
                }
                return new FieldError(best, field.isEmpty() ? null : field, message);
            }
            Matcher matcher = PROBLEM.matcher(problem);
            if (matcher.matches()) {
                return new FieldError(matcher.group(1), matcher.group(2), matcher.group(3));
            }
        }
        int colon = problem.indexOf(": ");
        return colon < 0 ? new FieldError(null, null, problem)
                : new FieldError(null, problem.substring(0, colon), problem.substring(colon + 2));
    }
}
