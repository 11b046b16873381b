package dev.flags.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Collects every problem of a document, each prefixed with the path of the field it concerns. */
final class Problems {

    private final List<String> problems = new ArrayList<>();

    void add(String path, String message) {
        problems.add(path + ": " + message);
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    List<String> list() {
        return problems;
    }

    /** Reports every field of an object that is not among the allowed ones. */
    void rejectUnknownFields(String path, JsonNode object, Set<String> allowed) {
        for (String name : object.propertyNames()) {
            if (!allowed.contains(name)) {
                add(path.isEmpty() ? name : path + "." + name,
                        "unknown field; expected one of " + allowed.stream().sorted().toList());
            }
        }
    }

    /** True when the node is an object; otherwise reports it. */
    boolean requireObject(String path, JsonNode node) {
        if (node.isObject()) {
            return true;
        }
        add(path, "must be an object, not " + describe(node));
        return false;
    }

    /** True when the node is an array; otherwise reports it. */
    boolean requireArray(String path, JsonNode node) {
        if (node.isArray()) {
            return true;
        }
        add(path, "must be a list, not " + describe(node));
        return false;
    }

    /** The node's string, or null after reporting that it is not one. */
    String requireString(String path, JsonNode node) {
        if (node.isString()) {
            return node.stringValue();
        }
        add(path, "must be a string, not " + describe(node));
        return null;
    }

    static String describe(JsonNode node) {
        if (node.isString()) {
            return "the string '" + node.stringValue() + "'";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isContainer()) {
            return node.isArray() ? "a list" : "an object";
        }
        return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
    }
}
