package dev.flags.internal;

import dev.flags.InvalidFlagDocumentException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a flag document's text into a {@link CompiledDocument}, or rejects it whole with every problem listed.
 * Checks what a JSON Schema cannot: references between flags, variants and segments, prerequisite cycles,
 * rollout weights, regular expressions, versions and instants.
 */
public final class DocumentCompiler {

    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("$schema", "revision", "segments", "flags");
    private static final Set<String> SEGMENT_FIELDS = Set.of("description", "include", "exclude", "when",
            "external");

    private DocumentCompiler() {
    }

    /**
     * Compiles a document.
     *
     * @param text   JSON or YAML
     * @param source the name of the source it came from: named in errors and in evaluation details
     * @throws InvalidFlagDocumentException listing every problem, when the document is invalid
     */
    public static CompiledDocument compile(String text, String source) {
        Problems problems = new Problems();
        CompiledDocument document = compile(text, source, problems);
        if (!problems.isEmpty()) {
            throw new InvalidFlagDocumentException(source, problems.list());
        }
        return document;
    }

    /**
     * Compiles one flag a {@link dev.flags.FlagStore} holds: the object that would stand under
     * {@code flags.<key>}. Its segments are external; its prerequisites are resolved at evaluation.
     *
     * @throws InvalidFlagDocumentException listing every problem
     */
    static CompiledFlag compileFlag(String key, String definition, String source) {
        Problems problems = new Problems();
        JsonNode node = DocumentReader.read(definition, problems);
        CompiledFlag flag = null;
        if (node != null) {
            ConditionCompiler conditions = new ConditionCompiler(problems, Map.of(), true);
            flag = new FlagCompiler(problems, conditions, source).compile(key, node, Map.of());
        }
        if (!problems.isEmpty() || flag == null) {
            throw new InvalidFlagDocumentException(source + " flag " + key, problems.list());
        }
        return flag;
    }

    /** Every problem of a document; empty when it is valid. */
    public static List<String> validate(String text) {
        Problems problems = new Problems();
        compile(text, "validation", problems);
        return List.copyOf(problems.list());
    }

    private static CompiledDocument compile(String text, String source, Problems problems) {
        JsonNode root = DocumentReader.read(text, problems);
        if (root == null || !problems.requireObject("document", root)) {
            return null;
        }
        problems.rejectUnknownFields("", root, TOP_LEVEL_FIELDS);
        Long revision = revision(root.get("revision"), problems);
        Map<String, JsonNode> segmentNodes = new HashMap<>();
        Map<String, Segment> segments = segments(root.get("segments"), segmentNodes, problems);
        JsonNode flagsNode = root.get("flags");
        Map<String, CompiledFlag> flags = new LinkedHashMap<>();
        if (flagsNode == null) {
            problems.add("flags", "is required (write 'flags: {}' for a document without flags)");
        } else if (problems.requireObject("flags", flagsNode)) {
            FlagCompiler compiler = new FlagCompiler(problems, new ConditionCompiler(problems, segments), source);
            flagsNode.forEachEntry((key, node) -> {
                CompiledFlag flag = compiler.compile(key, node, segmentNodes);
                if (flag != null) {
                    flags.put(key, flag);
                }
            });
            checkPrerequisites(flagsNode, flags, problems);
        }
        return problems.isEmpty() ? new CompiledDocument(revision, Map.copyOf(flags)) : null;
    }

    private static Long revision(JsonNode node, Problems problems) {
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            problems.add("revision", "must be a whole number of at least 0, not " + Problems.describe(node));
            return null;
        }
        return node.longValue();
    }

    private static Map<String, Segment> segments(JsonNode node, Map<String, JsonNode> nodes, Problems problems) {
        Map<String, Segment> segments = new HashMap<>();
        if (node == null || !problems.requireObject("segments", node)) {
            return segments;
        }
        ConditionCompiler conditions = new ConditionCompiler(problems, null);
        node.forEachEntry((name, definition) -> {
            String path = "segments." + name;
            if (!FlagCompiler.NAME.matcher(name).matches()) {
                problems.add(path, "segment names are 1 to 200 letters, digits, '.', '_' or '-'");
            }
            if (!problems.requireObject(path, definition)) {
                return;
            }
            problems.rejectUnknownFields(path, definition, SEGMENT_FIELDS);
            if (definition.has("description")) {
                problems.requireString(path + ".description", definition.get("description"));
            }
            JsonNode external = definition.get("external");
            if (external != null) {
                if (!external.isBoolean()) {
                    problems.add(path + ".external", "must be true or false, not " + Problems.describe(external));
                } else if (external.booleanValue()) {
                    for (String field : List.of("include", "exclude", "when")) {
                        if (definition.has(field)) {
                            problems.add(path + "." + field, "an external segment's members come from the "
                                    + "client's SegmentMembership; it lists none itself");
                        }
                    }
                    segments.put(name, Segment.external(name));
                    nodes.put(name, definition);
                    return;
                }
            }
            Set<String> include = keys(path + ".include", definition.get("include"), problems);
            Set<String> exclude = keys(path + ".exclude", definition.get("exclude"), problems);
            JsonNode when = definition.get("when");
            Condition[] compiled = when == null ? new Condition[0] : conditions.compileAll(path + ".when", when);
            segments.put(name, new Segment(name, include, exclude, compiled));
            nodes.put(name, definition);
        });
        return segments;
    }

    private static Set<String> keys(String path, JsonNode node, Problems problems) {
        if (node == null || !problems.requireArray(path, node)) {
            return Set.of();
        }
        Set<String> keys = new HashSet<>();
        int index = 0;
        for (JsonNode key : node) {
            String text = problems.requireString(path + "[" + index++ + "]", key);
            if (text != null && !keys.add(text)) {
                problems.add(path, "lists '" + text + "' twice");
            }
        }
        return Set.copyOf(keys);
    }

    /** Prerequisites must name a flag of this document, one of its variants, and form no cycle. */
    private static void checkPrerequisites(JsonNode flagsNode, Map<String, CompiledFlag> flags, Problems problems) {
        Map<String, List<String>> edges = new HashMap<>();
        flagsNode.forEachEntry((key, node) -> {
            JsonNode prerequisites = node.isObject() ? node.get("prerequisites") : null;
            if (prerequisites == null || !prerequisites.isArray()) {
                return;
            }
            int index = 0;
            for (JsonNode prerequisite : prerequisites) {
                String path = "flags." + key + ".prerequisites[" + index++ + "]";
                JsonNode flag = prerequisite.get("flag");
                JsonNode variant = prerequisite.get("variant");
                if (flag == null || !flag.isString() || variant == null || !variant.isString()) {
                    continue;
                }
                String required = flag.stringValue();
                if (!flagsNode.has(required)) {
                    problems.add(path + ".flag", "unknown flag '" + required + "'");
                    continue;
                }
                CompiledFlag target = flags.get(required);
                if (target != null && !target.variants.containsKey(variant.stringValue())) {
                    problems.add(path + ".variant", "flag '" + required + "' has no variant '"
                            + variant.stringValue() + "'; it has " + target.variants.keySet());
                }
                edges.computeIfAbsent(key, k -> new ArrayList<>()).add(required);
            }
        });
        Set<String> done = new HashSet<>();
        for (String key : edges.keySet()) {
            List<String> cycle = findCycle(key, edges, new ArrayList<>(), done);
            if (cycle != null) {
                problems.add("flags." + cycle.get(0) + ".prerequisites", "form a cycle: " + String.join(" -> ", cycle));
                return;
            }
        }
    }

    private static List<String> findCycle(String key, Map<String, List<String>> edges, List<String> path,
            Set<String> done) {
        int seen = path.indexOf(key);
        if (seen >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
            cycle.add(key);
            return cycle;
        }
        if (done.contains(key)) {
            return null;
        }
        path.add(key);
        for (String next : edges.getOrDefault(key, List.of())) {
            List<String> cycle = findCycle(next, edges, path, done);
            if (cycle != null) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        done.add(key);
        return null;
    }
}
