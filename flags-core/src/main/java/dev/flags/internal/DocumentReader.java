package dev.flags.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a flag document's text into a tree, JSON or YAML, within fixed limits: size, nesting depth, no
 * duplicate keys, a bounded number of YAML aliases. YAML anchors and aliases are resolved (an alias stands for a
 * copy of its anchor's node). Only trees of plain JSON values come out: nothing is ever bound to a class named by
 * the document.
 */
final class DocumentReader {

    /** The largest document accepted, in characters. */
    static final int MAX_DOCUMENT_CHARS = 10 * 1024 * 1024;
    /** The deepest nesting accepted (the document's own structure needs 7; the rest is for object variants). */
    static final int MAX_NESTING_DEPTH = 32;
    /** The most YAML aliases a document may use. */
    static final int MAX_ALIASES = 50;
    /** The most values that aliases may add to a document, so that aliases of aliases cannot multiply it. */
    static final int MAX_ALIASED_VALUES = 100_000;

    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxDocumentLength(MAX_DOCUMENT_CHARS)
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_DOCUMENT_CHARS)
            .build();

    /** Jackson's streaming parser alone: an ObjectMapper's set-up costs more than reading a small document. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Jackson's note of where a token started, which names no source and often no offset. */
    private static final Pattern SOURCE_MARKER = Pattern.compile(
            "\\s*\\(start marker at \\[Source: [^;\\]]*(?:; byte offset: #UNKNOWN|; line: (\\d+), column: (\\d+))?[^\\]]*]\\)"
                    + "|\\s*at \\[Source: [^\\]]*]");

    private DocumentReader() {
    }

    /** The document's tree, or null after reporting why it could not be read. */
    static JsonNode read(String text, Problems problems) {
        if (text.length() > MAX_DOCUMENT_CHARS) {
            problems.add("document", "is " + text.length() + " characters long; the limit is " + MAX_DOCUMENT_CHARS);
            return null;
        }
        boolean json = looksLikeJson(text);
        try {
            JsonNode root = json ? readJson(text) : YamlReader.read(text, problems);
            if (!problems.isEmpty()) {
                return null;
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                problems.add("document", "is empty");
                return null;
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            String message = "not valid " + (json ? "JSON" : "YAML") + ": " + readable(e.getOriginalMessage());
            if (location == null || location.getLineNr() < 1) {
                problems.add("document", message);
            } else {
                problems.syntax(location.getLineNr(), location.getColumnNr(), message);
            }
            return null;
        }
    }

    /** The tree of a JSON document, as a mapper's readTree would build it; null when the text holds no value. */
    private static JsonNode readJson(String text) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return null;
            }
            JsonNode root = jsonNode(parser, token);
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw new StreamReadException(parser, "Trailing token (`JsonToken." + trailing + "`) found after value "
                        + "(bound as `" + JsonNode.class.getName() + "`): not allowed as per "
                        + "`DeserializationFeature.FAIL_ON_TRAILING_TOKENS`", parser.currentTokenLocation());
            }
            return root;
        }
    }

    private static JsonNode jsonNode(JsonParser parser, JsonToken token) {
        if (token == JsonToken.START_OBJECT) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                object.set(name, jsonNode(parser, parser.nextToken()));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                array.add(jsonNode(parser, next));
            }
            return array;
        }
        return scalar(parser, token);
    }

    /** The node of the single value at the parser's current token. */
    static JsonNode scalar(JsonParser parser, JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> JsonNodeFactory.instance.stringNode(parser.getString());
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
                default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> JsonNodeFactory.instance.numberNode(parser.getDoubleValue());
            case VALUE_TRUE -> JsonNodeFactory.instance.booleanNode(true);
            case VALUE_FALSE -> JsonNodeFactory.instance.booleanNode(false);
            default -> JsonNodeFactory.instance.nullNode();
        };
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c) && c != '\uFEFF') {
                return c == '{';
            }
        }
        return false;
    }

    /**
     * The parser's message for a person: without Jackson's source markers, and with every line of a YAML
     * parser's message that says something (its "while parsing a flow sequence" is followed by what was expected),
     * leaving out the quoted snippet and the "in reader" positions, since the problem names its line.
     */
    static String readable(String message) {
        if (message == null) {
            return "unreadable";
        }
        StringBuilder text = new StringBuilder();
        for (String line : message.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("in reader") || trimmed.startsWith("^")
                    || line.startsWith("    ") || trimmed.startsWith("at [Source")) {
                continue;
            }
            text.append(text.isEmpty() ? "" : "; ").append(trimmed);
        }
        Matcher marker = SOURCE_MARKER.matcher(text);
        StringBuilder cleaned = new StringBuilder();
        while (marker.find()) {
            marker.appendReplacement(cleaned, marker.group(1) == null ? ""
                    : Matcher.quoteReplacement(" (it started at line " + marker.group(1) + ", column "
                            + marker.group(2) + ")"));
        }
        marker.appendTail(cleaned);
        String result = cleaned.toString().replace(" :", ":").strip();
        return result.length() > 300 ? result.substring(0, 300) + "..." : result;
    }
}
