package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "The revisions of an environment (or of one flag), newest first: who, when, what, why.")
final class HistoryCommand extends ServerCommand {

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "Only this flag's revisions.")
    String key;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "At most N revisions (default ${DEFAULT-VALUE}, at most 1000).")
    int limit;

    @Option(names = "--before", paramLabel = "REVISION", description = "Only revisions older than this one.")
    Long before;

    @Override
    public Integer call() {
        String path = envPath() + "/revisions?limit=" + limit
                + (key == null ? "" : "&flag=" + ServerClient.segment(key))
                + (before == null ? "" : "&before=" + before);
        JsonNode revisions = server().get(path);
        if (json) {
            printJson(revisions);
            return 0;
        }
        Style style = style();
        Table table = new Table(style, "REVISION", "TIME", "ACTOR", "ACTION", "FLAG", "COMMENT");
        for (JsonNode entry : revisions) {
            String action = entry.path("action").asString();
            table.row(entry.path("revision").asString(), Json.text(entry, "time"), Json.text(entry, "actor"),
                    "kill".equals(action) ? style.red(action) : action, Json.text(entry, "flag"),
                    Json.text(entry, "comment"));
        }
        table.print(out());
        return 0;
    }
}
