package dev.flags.benchmarks.scale;

import dev.flags.FeatureFlags;
import dev.flags.InMemoryFlagSource;

/**
 * Generates large flag documents: the three scenario flags ({@code static-on}, {@code rollout-50},
 * {@code nl-or-10}, as in {@code flags/scenarios.yaml}) and as many generated flags as it takes to reach the
 * count, each with three rules (five conditions over four operators, one rule a rollout) and a rollout default.
 */
public final class Documents {

    /** The scenario flags every generated document starts with. */
    public static final int SCENARIO_FLAGS = 3;

    private Documents() {
    }

    /**
     * The document of {@code count} flags, without the probe flag, in {@code format}: {@code json} or {@code yaml}.
     *
     * @throws IllegalArgumentException for another format
     */
    static String of(String format, int count) {
        return switch (format) {
            case "json" -> json(count, null);
            case "yaml" -> yaml(count, null);
            default -> throw new IllegalArgumentException("format json or yaml, not " + format);
        };
    }

    /**
     * A client serving {@code document}: built on an empty in-memory source, then handed the document, so the
     * parse and compile run in {@code update}, on the calling thread, and are done when this returns.
     *
     * @throws dev.flags.InvalidFlagDocumentException when the document is invalid
     */
    static FeatureFlags serve(String document) {
        InMemoryFlagSource source = new InMemoryFlagSource("memory");
        FeatureFlags client = FeatureFlags.builder().source(source).build();
        source.update(document);
        return client;
    }

    /** The key of generated flag {@code n}. */
    public static String key(int n) {
        return String.format("flag-%05d", n);
    }

    /**
     * A JSON document of {@code count} flags ({@code count >= 3}); {@code probe} is the value the extra string
     * flag {@code probe} serves (null: no such flag), so a reload can tell one document from the next.
     */
    public static String json(int count, String probe) {
        requireCount(count);
        StringBuilder out = new StringBuilder(count * 700);
        out.append("{\n  \"flags\": {\n");
        out.append("""
                    "static-on": { "enabled": true },
                    "rollout-50": { "default": { "rollout": { "on": 50, "off": 50 } } },
                    "nl-or-10": {
                      "rules": [ { "when": [ { "attribute": "country", "op": "eq", "values": ["NL"] } ], "serve": "on" } ],
                      "default": { "rollout": { "on": 10, "off": 90 } }
                    }""");
        if (probe != null) {
            out.append(",\n    \"probe\": { \"variants\": { \"value\": \"").append(probe)
                    .append("\" }, \"default\": { \"serve\": \"value\" } }");
        }
        for (int n = SCENARIO_FLAGS; n < count; n++) {
            out.append(",\n    \"").append(key(n)).append("\": {\n")
                    .append("      \"description\": \"generated flag ").append(n).append("\",\n")
                    .append("      \"rules\": [\n")
                    .append("        { \"name\": \"benelux\", \"when\": [ { \"attribute\": \"country\", \"op\": \"in\",")
                    .append(" \"values\": [\"NL\", \"BE\", \"LU\"] } ], \"serve\": \"on\" },\n")
                    .append("        { \"name\": \"new app on pro\", \"when\": [")
                    .append(" { \"attribute\": \"appVersion\", \"op\": \"semverGte\", \"values\": [\"2.")
                    .append(n % 10).append(".0\"] },")
                    .append(" { \"attribute\": \"plan\", \"op\": \"eq\", \"values\": [\"pro\"] } ],")
                    .append(" \"rollout\": { \"on\": 50, \"off\": 50 } },\n")
                    .append("        { \"name\": \"staff and adults\", \"when\": [")
                    .append(" { \"attribute\": \"email\", \"op\": \"endsWith\", \"values\": [\"@example.com\"] },")
                    .append(" { \"attribute\": \"age\", \"op\": \"gte\", \"values\": [18] } ], \"serve\": \"on\" }\n")
                    .append("      ],\n")
                    .append("      \"default\": { \"rollout\": { \"on\": ").append(n % 100)
                    .append(", \"off\": ").append(100 - n % 100).append(" } }\n")
                    .append("    }");
        }
        out.append("\n  }\n}\n");
        return out.toString();
    }

    /** The same document as {@link #json}, in block-style YAML. */
    public static String yaml(int count, String probe) {
        requireCount(count);
        StringBuilder out = new StringBuilder(count * 600);
        out.append("""
                flags:
                  static-on:
                    enabled: true
                  rollout-50:
                    default:
                      rollout: { on: 50, off: 50 }
                  nl-or-10:
                    rules:
                      - when:
                          - { attribute: country, op: eq, values: [NL] }
                        serve: on
                    default:
                      rollout: { on: 10, off: 90 }
                """);
        if (probe != null) {
            out.append("  probe:\n    variants: { value: \"").append(probe)
                    .append("\" }\n    default:\n      serve: value\n");
        }
        for (int n = SCENARIO_FLAGS; n < count; n++) {
            out.append("  ").append(key(n)).append(":\n")
                    .append("    description: generated flag ").append(n).append('\n')
                    .append("    rules:\n")
                    .append("      - name: benelux\n")
                    .append("        when:\n")
                    .append("          - attribute: country\n")
                    .append("            op: in\n")
                    .append("            values: [NL, BE, LU]\n")
                    .append("        serve: on\n")
                    .append("      - name: new app on pro\n")
                    .append("        when:\n")
                    .append("          - attribute: appVersion\n")
                    .append("            op: semverGte\n")
                    .append("            values: [\"2.").append(n % 10).append(".0\"]\n")
                    .append("          - attribute: plan\n")
                    .append("            op: eq\n")
                    .append("            values: [pro]\n")
                    .append("        rollout: { on: 50, off: 50 }\n")
                    .append("      - name: staff and adults\n")
                    .append("        when:\n")
                    .append("          - attribute: email\n")
                    .append("            op: endsWith\n")
                    .append("            values: [\"@example.com\"]\n")
                    .append("          - attribute: age\n")
                    .append("            op: gte\n")
                    .append("            values: [18]\n")
                    .append("        serve: on\n")
                    .append("    default:\n")
                    .append("      rollout: { on: ").append(n % 100).append(", off: ").append(100 - n % 100)
                    .append(" }\n");
        }
        return out.toString();
    }

    private static void requireCount(int count) {
        if (count < SCENARIO_FLAGS) {
            throw new IllegalArgumentException("a document holds at least the " + SCENARIO_FLAGS
                    + " scenario flags, not " + count);
        }
    }
}
