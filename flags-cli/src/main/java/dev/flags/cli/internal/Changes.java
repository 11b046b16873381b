package dev.flags.cli.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** What changed between two documents (or two definitions of one flag), flag by flag and segment by segment. */
final class Changes {

    private Changes() {
    }

    /** {@code [{"flag"|"segment", "before", "after"}]} for every flag and segment that differs. */
    static ArrayNode between(JsonNode before, JsonNode after) {
        ArrayNode changes = Json.MAPPER.createArrayNode();
        add(changes, "segment", before.path("segments"), after.path("segments"));
        add(changes, "flag", before.path("flags"), after.path("flags"));
        return changes;
    }

    private static void add(ArrayNode changes, String kind, JsonNode before, JsonNode after) {
        TreeSet<String> names = new TreeSet<>(before.propertyNames());
        names.addAll(after.propertyNames());
        for (String name : names) {
            JsonNode was = before.get(name);
            JsonNode is = after.get(name);
            if (was == null || !was.equals(is)) {
                ObjectNode change = changes.addObject();
                change.put(kind, name);
                change.set("before", was == null ? Json.MAPPER.nullNode() : was);
                change.set("after", is == null ? Json.MAPPER.nullNode() : is);
            }
        }
    }

    /** Each change as a heading and the YAML of the definition, lines marked kept, removed or added. */
    static void print(ArrayNode changes, Style style, PrintWriter out) {
        for (JsonNode change : changes) {
            boolean segment = change.has("segment");
            String key = Json.text(change, segment ? "segment" : "flag");
            String name = segment ? "segment " + key : key == null ? "segments" : key;
            JsonNode before = change.get("before");
            JsonNode after = change.get("after");
            String heading = before.isNull() ? style.green("+ " + name + " (added)")
                    : after.isNull() ? style.red("- " + name + " (removed)") : style.yellow("~ " + name);
            out.println(style.bold(heading));
            printLines(LineDiff.of(yaml(before), yaml(after)), style, out);
        }
    }

    static void printLines(List<String> lines, Style style, PrintWriter out) {
        for (String line : lines) {
            out.println("    " + (line.startsWith("+") ? style.green(line)
                    : line.startsWith("-") ? style.red(line) : style.dim(line)));
        }
    }

    static String yaml(JsonNode node) {
        return node == null || node.isNull() ? "" : Json.yaml(node);
    }
}
