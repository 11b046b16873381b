package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

@Command(name = "stale", mixinStandardHelpOptions = true,
        description = "Flags that can go: not evaluated by any instance, or serving one variant to everyone, over a "
                + "window (from the instances' usage reports).")
final class StaleCommand extends ServerCommand {

    @Option(names = "--for", paramLabel = "DURATION", defaultValue = "P30D",
            description = "The window, an ISO-8601 duration such as P30D or PT12H (default ${DEFAULT-VALUE}).")
    String window;

    @Override
    public Integer call() {
        JsonNode flags = server().get(envPath() + "/flags?stale=" + ServerClient.segment(window));
        if (json) {
            printJson(flags);
            return 0;
        }
        if (flags.isEmpty()) {
            out().println("no stale flags in " + env() + " over " + window);
            return 0;
        }
        Table table = new Table(style(), "FLAG", "STALE", "LAST EVALUATED", "VARIANT", "EVALUATIONS", "DESCRIPTION");
        for (JsonNode flag : flags) {
            String lastEvaluated = Json.text(flag, "lastEvaluated");
            table.row(Json.text(flag, "key"), Json.text(flag, "stale"), lastEvaluated == null ? "never" : lastEvaluated,
                    Json.text(flag, "variant"), Json.text(flag, "evaluations"), Json.text(flag, "description"));
        }
        table.print(out());
        return 0;
    }
}
