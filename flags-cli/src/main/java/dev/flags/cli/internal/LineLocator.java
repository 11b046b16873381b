package dev.flags.cli.internal;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;

/**
 * The line of each path of a JSON or YAML document ({@code flags.new-checkout.rules[0].when[1].op}), so a problem
 * that flags-core reports by path can be shown at its line. Paths as {@link dev.flags.DocumentProblem#path()} writes
 * them.
 */
final class LineLocator {

    private static final int MAX_DEPTH = 200;

    private final Map<String, Integer> lines;

    private LineLocator(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** The lines of a document's paths; none when it does not parse (its syntax error carries its own line). */
    static LineLocator of(String text) {
        Map<String, Integer> lines = new HashMap<>();
        String start = text.stripLeading();
        try (JsonParser parser = start.startsWith("{")
                ? new JsonFactory().createParser(ObjectReadContext.empty(), text)
                : new YAMLFactory().createParser(ObjectReadContext.empty(), text)) {
            if (parser.nextToken() != null) {
                walk(parser, "", lines, 0);
            }
        } catch (JacksonException | IllegalStateException e) {
            // The lines found before the syntax error stay useful.
        }
        return new LineLocator(lines);
    }

    /** The line of the path, or of its nearest ancestor that has one; 0 when none. */
    int line(String path) {
        String at = path;
        while (!at.isEmpty()) {
            Integer line = lines.get(at);
            if (line != null) {
                return line;
            }
            int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
            at = cut <= 0 ? "" : at.substring(0, cut);
        }
        return 0;
    }

    private static void walk(JsonParser parser, String path, Map<String, Integer> lines, int depth) {
        if (depth > MAX_DEPTH) {
            parser.skipChildren();
            return;
        }
        if (!path.isEmpty()) {
            lines.putIfAbsent(path, parser.currentTokenLocation().getLineNr());
        }
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT) {
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                String child = path.isEmpty() ? name : path + "." + name;
                lines.putIfAbsent(child, parser.currentTokenLocation().getLineNr());
                parser.nextToken();
                walk(parser, child, lines, depth + 1);
            }
        } else if (token == JsonToken.START_ARRAY) {
            int index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                walk(parser, path + "[" + index++ + "]", lines, depth + 1);
            }
        }
    }
}
