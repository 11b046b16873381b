package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"What changed between two revisions, flag by flag.",
                "`diff N` shows what revision N changed (N-1 to N); `diff N M` shows N to M."})
final class DiffCommand extends ServerCommand {

    @Parameters(index = "0", paramLabel = "N", description = "The revision to compare from (alone: the one to show).")
    long first;

    @Parameters(index = "1", arity = "0..1", paramLabel = "M", description = "The revision to compare to.")
    Long second;

    @Override
    public Integer call() {
        long from = second == null ? first - 1 : first;
        long to = second == null ? first : second;
        if (from < 0) {
            throw new ParameterException(spec.commandLine(), "Revision " + first + " has no revision before it");
        }
        JsonNode before = document(from);
        JsonNode after = document(to);
        ArrayNode changes = Changes.between(before, after);
        if (json) {
            ObjectNode answer = Json.object().put("from", from).put("to", to);
            answer.set("changes", changes);
            printJson(answer);
            return 0;
        }
        out().println(style().bold("revision " + from + " -> " + to + " in " + env() + ": "
                + (changes.isEmpty() ? "no change" : changes.size() + (changes.size() == 1 ? " change" : " changes"))));
        Changes.print(changes, style(), out());
        return 0;
    }

    private JsonNode document(long revision) {
        if (revision == 0) {
            return Json.object();
        }
        return server().get(envPath() + "/revisions/" + revision).path("document");
    }
}
