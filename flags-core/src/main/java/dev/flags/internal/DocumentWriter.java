package dev.flags.internal;

import dev.flags.model.Condition;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import dev.flags.model.Guard;
import dev.flags.model.Prerequisite;
import dev.flags.model.Ramp;
import dev.flags.model.Rule;
import dev.flags.model.Segment;
import dev.flags.model.ServeBlock;
import dev.flags.model.Weight;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes the model as a document, JSON or YAML, canonically: fields in one fixed order, flags and segments sorted
 * by key (the model keeps them so), everything else in the model's order, fields that say nothing left out
 * (a null description, empty lists), and {@code enabled} always written.
 */
public final class DocumentWriter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES, YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private DocumentWriter() {
    }

    public static String json(FlagDocument document) {
        return JSON.writeValueAsString(tree(document)) + "\n";
    }

    public static String yaml(FlagDocument document) {
        return YAML.writeValueAsString(tree(document));
    }

    /** One flag as JSON: the object that stands under {@code flags.<key>}. */
    public static String json(FlagDefinition flag) {
        return JSON.writeValueAsString(flag(flag)) + "\n";
    }

    static ObjectNode tree(FlagDocument document) {
        ObjectNode root = NODES.objectNode();
        if (document.revision() != null) {
            root.put("revision", document.revision());
        }
        if (!document.segments().isEmpty()) {
            ObjectNode segments = root.putObject("segments");
            document.segments().forEach((name, segment) -> segments.set(name, segment(segment)));
        }
        ObjectNode flags = root.putObject("flags");
        document.flags().forEach((key, flag) -> flags.set(key, flag(flag)));
        return root;
    }

    private static ObjectNode segment(Segment segment) {
        ObjectNode node = NODES.objectNode();
        if (segment.description() != null) {
            node.put("description", segment.description());
        }
        if (segment.external()) {
            node.put("external", true);
        }
        strings(node, "include", segment.include());
        strings(node, "exclude", segment.exclude());
        conditions(node, segment.when());
        return node;
    }

    static ObjectNode flag(FlagDefinition flag) {
        ObjectNode node = NODES.objectNode();
        if (flag.description() != null) {
            node.put("description", flag.description());
        }
        node.put("enabled", flag.enabled());
        if (!flag.variants().isEmpty()) {
            ObjectNode variants = node.putObject("variants");
            flag.variants().forEach((name, value) -> variants.set(name, value(value)));
        }
        if (flag.offVariant() != null) {
            node.put("offVariant", flag.offVariant());
        }
        if (flag.salt() != null) {
            node.put("salt", flag.salt());
        }
        if (!flag.prerequisites().isEmpty()) {
            ArrayNode prerequisites = node.putArray("prerequisites");
            for (Prerequisite prerequisite : flag.prerequisites()) {
                prerequisites.addObject().put("flag", prerequisite.flag()).put("variant", prerequisite.variant());
            }
        }
        if (!flag.targets().isEmpty()) {
            ObjectNode targets = node.putObject("targets");
            flag.targets().forEach((variant, keys) -> strings(targets, variant, keys));
        }
        if (!flag.rules().isEmpty()) {
            ArrayNode rules = node.putArray("rules");
            for (Rule rule : flag.rules()) {
                ObjectNode ruleNode = rules.addObject();
                if (rule.name() != null) {
                    ruleNode.put("name", rule.name());
                }
                conditions(ruleNode, rule.when());
                serve(ruleNode, rule.serve());
            }
        }
        if (flag.defaultServe() != null) {
            serve(node.putObject("default"), flag.defaultServe());
        }
        Guard guard = flag.guard();
        if (guard != null) {
            ObjectNode guardNode = node.putObject("guard").put("event", guard.event()).put("variant", guard.variant());
            guardNode.set("maxRatio", number(guard.maxRatio()));
            guardNode.put("minSamples", guard.minSamples());
            guardNode.set("confidence", number(guard.confidence()));
        }
        return node;
    }

    private static void serve(ObjectNode node, ServeBlock block) {
        if (!block.isRollout()) {
            node.put("serve", block.serve());
            return;
        }
        ObjectNode rollout = node.putObject("rollout");
        for (Weight weight : block.rollout()) {
            rollout.set(weight.variant(), number(weight.percent()));
        }
        if (block.by() != null) {
            node.put("by", block.by());
        }
        Ramp ramp = block.ramp();
        if (ramp != null) {
            ObjectNode rampNode = node.putObject("ramp");
            rampNode.put("variant", ramp.variant());
            rampNode.set("from", number(ramp.from()));
            rampNode.set("to", number(ramp.to()));
            rampNode.put("start", ramp.start().toString());
            rampNode.put("end", ramp.end().toString());
        }
    }

    private static void conditions(ObjectNode node, List<Condition> conditions) {
        if (conditions.isEmpty()) {
            return;
        }
        ArrayNode when = node.putArray("when");
        for (Condition condition : conditions) {
            ObjectNode conditionNode = when.addObject();
            if (condition.attribute() != null) {
                conditionNode.put("attribute", condition.attribute());
            }
            conditionNode.put("op", condition.op());
            if (!condition.values().isEmpty()) {
                ArrayNode values = conditionNode.putArray("values");
                condition.values().forEach(value -> values.add(value(value)));
            }
            if (condition.negate()) {
                conditionNode.put("negate", true);
            }
            if (condition.ignoreCase()) {
                conditionNode.put("ignoreCase", true);
            }
        }
    }

    private static void strings(ObjectNode node, String field, List<String> strings) {
        if (!strings.isEmpty()) {
            ArrayNode list = node.putArray(field);
            strings.forEach(list::add);
        }
    }

    /** A percentage: whole ones written without a fraction. */
    private static JsonNode number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? NODES.numberNode((long) value)
                : NODES.numberNode(value);
    }

    private static JsonNode value(Object value) {
        if (value instanceof Boolean bool) {
            return NODES.booleanNode(bool);
        }
        if (value instanceof String text) {
            return NODES.stringNode(text);
        }
        if (value instanceof Long whole) {
            return NODES.numberNode(whole);
        }
        if (value instanceof Double number) {
            return NODES.numberNode(number);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(element -> array.add(value(element)));
            return array;
        }
        ObjectNode object = NODES.objectNode();
        ((Map<?, ?>) value).forEach((name, element) -> object.set((String) name, value(element)));
        return object;
    }
}
