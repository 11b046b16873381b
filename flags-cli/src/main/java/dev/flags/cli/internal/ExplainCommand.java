package dev.flags.cli.internal;

import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagDocuments;
import dev.flags.FlagSources;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"What a user gets from a flag, and why: the environment's document is fetched and the flag "
                + "evaluated here, by flags-core, exactly as an application would.",
                "Attributes are sent as strings; numbers, versions and instants compare as the document's "
                        + "operators read them."})
final class ExplainCommand extends ServerCommand {

    @Parameters(paramLabel = "KEY", description = "The flag.")
    String key;

    @Option(names = "--key", paramLabel = "USER", description = "The targeting key (default: an anonymous user).")
    String user;

    @Option(names = "--attr", paramLabel = "NAME=VALUE", description = "An attribute of the user (repeatable).")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Option(names = "--at", paramLabel = "INSTANT",
            description = "Evaluate at this time (ISO-8601, such as 2026-12-24T18:00:00Z) for schedules and ramps.")
    Instant at;

    @Override
    public Integer call() {
        JsonNode documentJson = server().get(envPath() + "/document");
        FlagDocument document = FlagDocuments.parse(Json.write(documentJson));
        FlagDefinition definition = document.flag(key).orElseThrow(() -> new CliException(CliException.NOT_FOUND,
                "error: no flag " + key + " in " + env()));
        FlagContext.Builder context = FlagContext.builder(user);
        attributes.forEach(context::set);
        Evaluation<Object> evaluation;
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(Json.write(documentJson)))
                .clock(at == null ? Clock.systemUTC() : Clock.fixed(at, ZoneOffset.UTC)).build()) {
            evaluation = flags.evaluateObject(key, context.build(), null);
        }
        String why = why(evaluation, definition);
        if (json) {
            ObjectNode answer = Json.object().put("flag", key).put("environment", env())
                    .put("revision", documentJson.path("revision").asLong()).put("key", user);
            answer.set("attributes", Json.MAPPER.valueToTree(attributes));
            answer.set("value", Json.MAPPER.valueToTree(evaluation.value()));
            answer.put("variant", evaluation.variant()).put("reason", evaluation.reason().name())
                    .put("ruleIndex", evaluation.ruleIndex()).put("ruleName", evaluation.ruleName())
                    .put("errorCode", evaluation.errorCode() == null ? null : evaluation.errorCode().name())
                    .put("why", why);
            printJson(answer);
            return 0;
        }
        Style style = style();
        out().println(style.bold(key) + " for " + (user == null ? "an anonymous user" : user)
                + (attributes.isEmpty() ? "" : " " + attributes) + " in " + env() + " at revision "
                + documentJson.path("revision").asLong());
        Table table = new Table(2);
        table.row("value", String.valueOf(evaluation.value()));
        table.row("variant", evaluation.variant() == null ? "(none: the caller's default)" : evaluation.variant());
        table.row("reason", evaluation.reason().name());
        table.row("why", why);
        table.print(out(), "  ");
        return 0;
    }

    private static String why(Evaluation<Object> evaluation, FlagDefinition definition) {
        String rule = evaluation.ruleIndex() < 0 ? "the default"
                : "rule " + evaluation.ruleIndex() + (evaluation.ruleName() == null ? ""
                        : " \"" + evaluation.ruleName() + "\"");
        return switch (evaluation.reason()) {
            case STATIC -> "the flag serves the same variant to everyone";
            case TARGETING_MATCH -> "targets".equals(evaluation.ruleName()) ? "the user is targeted individually"
                    : rule + " matched";
            case SPLIT -> "the user's bucket falls in " + evaluation.variant() + "'s share of the rollout of " + rule;
            case DEFAULT -> "no rule matched; the default serves it";
            case DISABLED -> "the flag is killed (enabled: false); it serves "
                    + (definition.offVariant() == null && !definition.isBoolean() ? "the caller's default"
                            : "its off variant");
            case PREREQUISITE_FAILED -> "a prerequisite did not serve the variant it requires";
            case OVERRIDE -> "a local override decided";
            case ERROR -> evaluation.errorCode() + ": " + evaluation.errorMessage();
        };
    }
}
