package dev.flags.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

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

    private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
            .maxDocumentLength(MAX_DOCUMENT_CHARS)
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_DOCUMENT_CHARS)
            .build();

    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(LIMITS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final LoadSettings YAML_SETTINGS = LoadSettings.builder()
            .setCodePointLimit(MAX_DOCUMENT_CHARS)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .build();

    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .streamReadConstraints(LIMITS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .loadSettings(YAML_SETTINGS)
                    .build())
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
            JsonNode root = json ? JSON.readTree(text) : readYaml(text, problems);
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

    private static JsonNode readYaml(String text, Problems problems) {
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token = parser.nextToken();
            return token == null ? null : new YamlTree(text, (YAMLParser) parser, problems).node(token);
        }
    }

    /**
     * Builds a tree from YAML events, resolving aliases: Jackson's tree reader would read an alias as the text of
     * its anchor's name. Jackson's parser reports the anchors of lists and objects (kept here as they are built)
     * but not those of single values, which {@link AliasTargets} finds.
     */
    private static final class YamlTree {

        private final String text;
        private AliasTargets targets;
        private final YAMLParser parser;
        private final Problems problems;
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private final Map<String, Integer> sizes = new HashMap<>();
        private int aliases;
        private long aliased;
        /** How many values the node being built last held (aliases counted at their full size). */
        private int size;

        YamlTree(String text, YAMLParser parser, Problems problems) {
            this.text = text;
            this.parser = parser;
            this.problems = problems;
        }

        /** The node starting at the current token; null after reporting a problem. */
        JsonNode node(JsonToken token) {
            String anchor = parser.getObjectId();
            JsonNode node;
            int count = 1;
            if (token == JsonToken.START_OBJECT) {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String name = parser.currentName();
                    JsonNode value = node(parser.nextToken());
                    if (value == null) {
                        return null;
                    }
                    count += size;
                    object.set(name, value);
                }
                node = object;
            } else if (token == JsonToken.START_ARRAY) {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    JsonNode value = node(next);
                    if (value == null) {
                        return null;
                    }
                    count += size;
                    array.add(value);
                }
                node = array;
            } else if (token == JsonToken.VALUE_STRING && parser.isCurrentAlias()) {
                return alias(parser.getString());
            } else {
                node = scalar(token);
            }
            size = count;
            if (anchor != null) {
                anchors.put(anchor, node);
                sizes.put(anchor, count);
            }
            return node;
        }

        private JsonNode alias(String name) {
            if (++aliases > MAX_ALIASES) {
                return fail("more than " + MAX_ALIASES + " YAML aliases (the limit); write the values out");
            }
            if (targets == null) {
                targets = new AliasTargets(text);
            }
            ScalarEvent scalar = targets.next();
            if (scalar != null) {
                size = 1;
                return scalar(scalar);
            }
            JsonNode target = anchors.get(name);
            if (target == null) {
                return fail("YAML alias *" + name + " names no anchor defined before it");
            }
            size = sizes.get(name);
            aliased += size;
            if (aliased > MAX_ALIASED_VALUES) {
                return fail("YAML aliases add more than " + MAX_ALIASED_VALUES + " values (the limit); write the values out");
            }
            return target;
        }

        private JsonNode scalar(JsonToken token) {
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

        /** A single value an alias names, typed as Jackson types a value written in its place. */
        private static JsonNode scalar(ScalarEvent event) {
            if (event.isPlain()) {
                try {
                    JsonNode node = YAML.readTree(event.getValue());
                    if (node != null && node.isValueNode()) {
                        return node;
                    }
                } catch (JacksonException e) {
                    // not a value on its own: it is the text it spells
                }
            }
            return JsonNodeFactory.instance.stringNode(event.getValue());
        }

        private JsonNode fail(String message) {
            TokenStreamLocation location = parser.currentTokenLocation();
            problems.syntax(location.getLineNr(), location.getColumnNr(), message);
            return null;
        }
    }

    /**
     * The single value each alias names, in document order, read from the YAML parser's events as far as the
     * aliases go (the tree builder has read that far already, so the text up to there parses).
     */
    private static final class AliasTargets {

        private final Iterator<Event> events;
        /** The anchors defined so far on single values; an anchor on a list or object removes its name. */
        private final Map<String, ScalarEvent> scalars = new HashMap<>();

        AliasTargets(String text) {
            this.events = new Parse(YAML_SETTINGS).parseString(text).iterator();
        }

        /** The single value the next alias names, or null when it names a list, an object or no anchor. */
        ScalarEvent next() {
            while (events.hasNext()) {
                Event event = events.next();
                if (event instanceof AliasEvent alias) {
                    return scalars.get(alias.getAlias().getValue());
                }
                if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
                    String name = node.getAnchor().get().getValue();
                    if (event instanceof ScalarEvent scalar) {
                        scalars.put(name, scalar);
                    } else {
                        scalars.remove(name);
                    }
                }
            }
            return null;
        }
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
