package dev.flags.internal;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a flag document's text into a tree, JSON or YAML, within fixed limits: size, nesting depth, no
 * duplicate keys, a bounded number of YAML aliases. Only trees of plain JSON values come out: nothing is
 * ever bound to a class named by the document.
 */
final class DocumentReader {

    /** The largest document accepted, in characters. */
    static final int MAX_DOCUMENT_CHARS = 10 * 1024 * 1024;
    /** The deepest nesting accepted (the document's own structure needs 7; the rest is for object variants). */
    static final int MAX_NESTING_DEPTH = 32;

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

    private static final ObjectMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .streamReadConstraints(LIMITS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .loadSettings(LoadSettings.builder()
                            .setCodePointLimit(MAX_DOCUMENT_CHARS)
                            .setAllowDuplicateKeys(false)
                            .setMaxAliasesForCollections(50)
                            .setAllowRecursiveKeys(false)
                            .build())
                    .build())
            .build();

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
            JsonNode root = (json ? JSON : YAML).readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                problems.add("document", "is empty");
                return null;
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation location = e.getLocation();
            String where = location == null || location.getLineNr() < 1 ? "document"
                    : "line " + location.getLineNr() + ", column " + location.getColumnNr();
            problems.add(where, "not valid " + (json ? "JSON" : "YAML") + ": " + firstLine(e.getOriginalMessage()));
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

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
