package dev.flags.cli.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/** JSON and YAML in and out. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
            .build();

    private Json() {
    }

    static JsonNode read(String text) {
        return MAPPER.readTree(text);
    }

    static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    static String pretty(JsonNode node) {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    }

    static String yaml(JsonNode node) {
        return YAML.writeValueAsString(node);
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A field's text, or null when it is missing or null. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }
}
