package dev.flags.internal;

import dev.flags.DocumentProblem;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns a flag document (its text, or its model) into a {@link CompiledDocument}, or rejects it whole with every
 * problem listed. Checks what a JSON Schema cannot: references between flags, variants and segments, prerequisite
 * cycles and depth, rollout weights, regular expressions, versions and instants. Compiling reads only the model.
 */
public final class DocumentCompiler {

    private DocumentCompiler() {
    }

    /**
     * Compiles a document.
     *
     * @param text   JSON or YAML
     * @param source the name of the source it came from: named in errors and in evaluation details
     * @throws InvalidFlagDocumentException listing every problem, when the document is invalid
     */
    static CompiledDocument compile(String text, String source) {
        Problems problems = new Problems();
        CompiledDocument document = compile(read(text, problems), source, problems);
        throwIfAny(source, problems);
        return document;
    }

    /** Compiles a document's model; throws as {@link #compile(String, String)} does. */
    static CompiledDocument compile(FlagDocument model, String source) {
        Problems problems = new Problems();
        CompiledDocument document = compile(new Read(model, Set.of(), Set.of()), source, problems);
        throwIfAny(source, problems);
        return document;
    }

    /** The model of a valid document; throws as {@link #compile(String, String)} does. */
    public static FlagDocument parse(String text, String origin) {
        Problems problems = new Problems();
        Read read = read(text, problems);
        compile(read, origin, problems);
        throwIfAny(origin, problems);
        return read.model;
    }

    /** One flag's model, checked for its shape only (what it references needs the document that holds it). */
    public static FlagDefinition parseFlag(String key, String text, String origin) {
        Problems problems = new Problems();
        JsonNode node = DocumentReader.read(text, problems);
        FlagDefinition flag = node == null ? null : new ModelReader(problems).flag(key, node);
        throwIfAny(origin, problems);
        return flag;
    }

    /**
     * Compiles one flag a {@link dev.flags.FlagStore} holds: the model of the object that would stand under
     * {@code flags.<key>}. Its segments are external; its prerequisites are resolved at evaluation.
     *
     * @param revision the stored flag's revision, or null
     * @param origin   named in the exception
     * @throws InvalidFlagDocumentException listing every problem
     */
    static CompiledFlag compileFlag(String key, FlagDefinition model, Long revision, String source, String origin) {
        Problems problems = new Problems();
        ConditionCompiler conditions = new ConditionCompiler(problems, Map.of(), true);
        CompiledFlag flag = new FlagCompiler(problems, conditions, source, revision).compile(key, model, Map.of());
        throwIfAny(origin, problems);
        return flag;
    }

    /** Every problem of a document; empty when it is valid. */
    public static List<DocumentProblem> validate(String text) {
        Problems problems = new Problems();
        compile(read(text, problems), "validation", problems);
        return List.copyOf(problems.list());
    }

    /** Every problem of a model; empty when it is valid. */
    public static List<DocumentProblem> validate(FlagDocument model) {
        Problems problems = new Problems();
        compile(new Read(model, Set.of(), Set.of()), "validation", problems);
        return List.copyOf(problems.list());
    }

    /** A document's model, with the keys of the flags and segments left out of it for their shape. */
    private record Read(FlagDocument model, Set<String> unreadFlags, Set<String> unreadSegments) {
    }

    private static Read read(String text, Problems problems) {
        JsonNode root = DocumentReader.read(text, problems);
        if (root == null) {
            return null;
        }
        ModelReader reader = new ModelReader(problems);
        FlagDocument model = reader.document(root);
        return model == null ? null : new Read(model, reader.unreadFlags, reader.unreadSegments);
    }

    private static void throwIfAny(String origin, Problems problems) {
        if (!problems.isEmpty()) {
            throw new InvalidFlagDocumentException(origin, problems.list());
        }
    }

    private static CompiledDocument compile(Read read, String source, Problems problems) {
        if (read == null) {
            return null;
        }
        FlagDocument model = read.model;
        Map<String, Segment> segments = segments(model, read.unreadSegments, problems);
        Map<String, CompiledFlag> flags = new LinkedHashMap<>();
        FlagCompiler compiler = new FlagCompiler(problems,
                new ConditionCompiler(problems, segments, false, read.unreadSegments), source, model.revision());
        model.flags().forEach((key, definition) -> {
            CompiledFlag flag = compiler.compile(key, definition, model.segments());
            if (flag != null) {
                flags.put(key, flag);
            }
        });
        Prerequisites.check(model, read.unreadFlags, problems);
        return problems.isEmpty() ? new CompiledDocument(model.revision(), Map.copyOf(flags)) : null;
    }

    private static Map<String, Segment> segments(FlagDocument model, Set<String> unread, Problems problems) {
        Map<String, Segment> segments = new HashMap<>();
        ConditionCompiler conditions = new ConditionCompiler(problems, null);
        model.segments().forEach((name, definition) -> {
            String path = "segments." + name;
            if (!FlagCompiler.NAME.matcher(name).matches()) {
                problems.add(path, "segment names are 1 to 200 letters, digits, '.', '_' or '-'");
            }
            if (definition.external()) {
                for (var field : Map.of("include", definition.include(), "exclude", definition.exclude(),
                        "when", definition.when()).entrySet()) {
                    if (!field.getValue().isEmpty()) {
                        problems.add(path + "." + field.getKey(), "an external segment's members come from the "
                                + "client's SegmentMembership; it lists none itself");
                    }
                }
                segments.put(name, Segment.external(name));
                return;
            }
            Set<String> include = keys(path + ".include", definition.include(), problems);
            Set<String> exclude = keys(path + ".exclude", definition.exclude(), problems);
            Condition[] when = conditions.compileAll(path + ".when", definition.when());
            segments.put(name, new Segment(name, include, exclude, when));
        });
        return segments;
    }

    private static Set<String> keys(String path, List<String> list, Problems problems) {
        Set<String> keys = new HashSet<>();
        for (String key : list) {
            if (!keys.add(key)) {
                problems.add(path, "lists '" + key + "' twice");
            }
        }
        return Set.copyOf(keys);
    }

    /** Prerequisites name a flag of this document and one of its variants, and form no cycle and no deep chain. */
    private static final class Prerequisites {

        private Prerequisites() {
        }

        static void check(FlagDocument model, Set<String> unreadFlags, Problems problems) {
            Map<String, List<String>> edges = new HashMap<>();
            model.flags().forEach((key, definition) -> {
                problems.inFlag(key);
                for (int index = 0; index < definition.prerequisites().size(); index++) {
                    var prerequisite = definition.prerequisites().get(index);
                    String path = "flags." + key + ".prerequisites[" + index + "]";
                    String required = prerequisite.flag();
                    FlagDefinition target = model.flags().get(required);
                    if (target == null) {
                        if (!unreadFlags.contains(required)) {
                            problems.add(path + ".flag", "unknown flag '" + required + "'");
                        }
                        continue;
                    }
                    if (!target.effectiveVariants().containsKey(prerequisite.variant())) {
                        problems.add(path + ".variant", "flag '" + required + "' has no variant '"
                                + prerequisite.variant() + "'; it has " + target.effectiveVariants().keySet());
                    }
                    edges.computeIfAbsent(key, k -> new ArrayList<>()).add(required);
                }
            });
            problems.inFlag(null);
            PrerequisiteGraph graph = new PrerequisiteGraph(edges);
            List<String> cycle = graph.cycle();
            if (cycle != null) {
                problems.inFlag(cycle.get(0));
                problems.add("flags." + cycle.get(0) + ".prerequisites", "form a cycle: " + String.join(" -> ", cycle));
                problems.inFlag(null);
                return;
            }
            for (List<String> chain : graph.chainsDeeperThan(CompiledFlag.MAX_PREREQUISITE_DEPTH)) {
                String key = chain.get(0);
                problems.inFlag(key);
                problems.add("flags." + key + ".prerequisites", "form a chain of " + (chain.size() - 1)
                        + " prerequisites (" + PrerequisiteGraph.abbreviated(chain) + "), deeper than the "
                        + CompiledFlag.MAX_PREREQUISITE_DEPTH + " that evaluation follows: '" + key
                        + "' would always answer an error");
                problems.inFlag(null);
            }
        }
    }
}
