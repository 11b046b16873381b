package dev.flags.internal;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * The YAML half of {@link DocumentReader}: a class of its own so that a JSON document never loads the YAML parser.
 * YAML anchors and aliases are resolved (an alias stands for a copy of its anchor's node).
 */
final class YamlReader {

    private static final LoadSettings SETTINGS = LoadSettings.builder()
            .setCodePointLimit(DocumentReader.MAX_DOCUMENT_CHARS)
            .setAllowDuplicateKeys(false)
            .setAllowRecursiveKeys(false)
            .build();

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .streamReadConstraints(DocumentReader.LIMITS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .loadSettings(SETTINGS)
            .build();

    private YamlReader() {
    }

    /** The document's tree; null when it holds nothing, or after reporting a problem. */
    static JsonNode read(String text, Problems problems) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken token = parser.nextToken();
            return token == null ? null : new YamlTree(text, (YAMLParser) parser, problems).node(token);
        }
    }

    /** Types the single value an alias names: only documents with such aliases pay for a mapper. */
    private static final class Scalars {

        static final ObjectMapper MAPPER = YAMLMapper.builder(FACTORY).build();

        private Scalars() {
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
                node = DocumentReader.scalar(parser, token);
            }
            size = count;
            if (anchor != null) {
                anchors.put(anchor, node);
                sizes.put(anchor, count);
            }
            return node;
        }

        private JsonNode alias(String name) {
            if (++aliases > DocumentReader.MAX_ALIASES) {
                return fail("more than " + DocumentReader.MAX_ALIASES + " YAML aliases (the limit); write the values out");
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
            if (aliased > DocumentReader.MAX_ALIASED_VALUES) {
                return fail("YAML aliases add more than " + DocumentReader.MAX_ALIASED_VALUES + " values (the limit); write the values out");
            }
            return target;
        }

        /** A single value an alias names, typed as Jackson types a value written in its place. */
        private static JsonNode scalar(ScalarEvent event) {
            if (event.isPlain()) {
                try {
                    JsonNode node = Scalars.MAPPER.readTree(event.getValue());
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
            this.events = new Parse(SETTINGS).parseString(text).iterator();
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

}
