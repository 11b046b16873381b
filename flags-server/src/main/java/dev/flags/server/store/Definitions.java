package dev.flags.server.store;

import dev.flags.DocumentProblem;
import dev.flags.FlagDocuments;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything the server does with flag definitions: the API carries them as Jackson trees; validation, the
 * canonical form and the kill, restore and rollout edits are flags-core's (its definition model and
 * {@link FlagDocuments}), so the server never accepts what a client would reject.
 */
public final class Definitions {

    /** The flag-key rule of the document's schema. */
    public static final Pattern FLAG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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

    /** The definition killed ({@code enabled: false}) or restored (a copy). */
    public static ObjectNode withEnabled(String key, ObjectNode definition, boolean enabled) {
        FlagDefinition flag = model(key, definition);
        return definition(enabled ? flag.restored() : flag.killed());
    }

    /**
     * The definition whose default serve becomes {@code rollout: {on: percent, off: 100 - percent}} (a copy), as
     * flags-core's {@link FlagDefinition#withDefaultRollout} decides: a default rollout's {@code by} and
     * {@code ramp} are kept.
     *
     * @throws IllegalArgumentException for a percent outside 0..100 or with more than three decimals
     * @throws IllegalStateException for a flag that is not boolean with variants on and off
     */
    public static ObjectNode withRollout(String key, ObjectNode definition, BigDecimal percent) {
        return definition(model(key, definition).withDefaultRollout(percent.doubleValue()));
    }

    private static FlagDefinition model(String key, ObjectNode definition) {
        return FlagDocuments.parseFlag(key, write(definition));
    }

    private static ObjectNode definition(FlagDefinition flag) {
        return parseDocument(FlagDocuments.toJson(flag));
    }

    /** Every problem of a would-be document, as flags-core finds them; empty when it is valid. */
    public static List<FieldError> validate(ObjectNode document) {
        List<FieldError> errors = new ArrayList<>();
        for (DocumentProblem problem : FlagDocuments.problems(write(canonical(document, null)))) {
            String field = problem.field() == null || problem.field().isEmpty() ? null : problem.field();
            errors.add(new FieldError(problem.flag(), field, problem.message()));
        }
        return errors;
    }

    /**
     * A valid document in flags-core's canonical form (the same model always gives the same text), so equal
     * definitions compare equal however they were written.
     */
    public static ObjectNode normalized(ObjectNode validDocument) {
        FlagDocument model = FlagDocuments.parse(write(canonical(validDocument, null)));
        return parseDocument(FlagDocuments.toJson(model.withRevision(null)));
    }
}
