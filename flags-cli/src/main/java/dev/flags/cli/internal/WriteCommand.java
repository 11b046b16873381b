package dev.flags.cli.internal;

import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** A command that writes a revision: {@code -m/--comment}, and the new revision printed. */
abstract class WriteCommand extends ServerCommand {

    @Option(names = {"-m", "--comment"}, paramLabel = "TEXT", description = "Why, kept in the history.")
    String comment;

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
        } else {
            out().println(what + " in " + env() + ": revision " + answer.path("revision").asLong());
        }
        return 0;
    }
}
