package dev.flags.cli.internal;

import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A command that writes a revision: {@code -m/--comment}, and the new revision printed. */
abstract class WriteCommand extends ServerCommand {

    @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", description = "Why, kept in the history.")
    String comment;

    @Option(names = "--dry-run", description = "Show what would change, checked like the real write; write nothing.")
    boolean dryRun;

    /** The path of the write, asking for a dry run when {@code --dry-run} is given. */
    String write(String path) {
        return dryRun ? path + (path.contains("?") ? "&" : "?") + "dryRun=true" : path;
    }

    ObjectNode body() {
        ObjectNode body = Json.object();
        if (comment != null) {
            body.put("comment", comment);
        }
        return body;
    }

    /** Prints the answer of a write: its JSON, or one line ending with the new revision. */
    int written(JsonNode answer, String what) {
        if (json) {
            printJson(answer);
        } else if (dryRun) {
            out().println("dry run, nothing written (it would be revision " + answer.path("revision").asLong()
                    + " in " + env() + "):");
            Changes.print((ArrayNode) answer.path("changes"), style(), out());
        } else {
            out().println(what + " in " + env() + ": revision " + answer.path("revision").asLong());
        }
        return 0;
    }
}
