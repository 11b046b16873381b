package dev.flags.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Follows the environment's stream and prints each revision as it lands: the current one "
                + "first, then every change (who, what, why). Reconnects when the stream drops.",
                "With --json, one JSON object per line."})
final class WatchCommand extends ServerCommand {

    private static final long RECONNECT_MILLIS = 1000;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N revisions (the current one counts), for scripts: `--count 2` waits for "
                    + "the next change.")
    Integer count;

    private String lastEventId;
    private int seen;

    @Override
    public Integer call() throws InterruptedException {
        String path = envPath() + "/document/stream";
        while (true) {
            try {
                HttpResponse<InputStream> response = server().open(path, lastEventId);
                try (InputStream body = response.body()) {
                    if (response.statusCode() != 200) {
                        throw server().failure(new ServerClient.Answer(response.statusCode(),
                                new String(body.readAllBytes(), StandardCharsets.UTF_8), response.headers()), path);
                    }
                    if (follow(body)) {
                        return 0;
                    }
                }
                err("stream ended; reconnecting");
            } catch (IOException e) {
                if (lastEventId == null) {
                    throw server().unreachable(path, e);
                }
                err(server().unreachable(path, e).getMessage() + "; reconnecting");
            }
            Thread.sleep(RECONNECT_MILLIS);
        }
    }

    /** Reads events until the stream ends (false) or enough were seen (true). */
    private boolean follow(InputStream body) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        StringBuilder data = new StringBuilder();
        String id = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isEmpty()) {
                if (data.length() > 0) {
                    lastEventId = id != null ? id : lastEventId;
                    print(Json.read(data.toString()));
                    data.setLength(0);
                    if (count != null && ++seen >= count) {
                        return true;
                    }
                }
                id = null;
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            } else if (line.startsWith("id:")) {
                id = line.substring(3).strip();
            }
        }
        return false;
    }

    private void print(JsonNode event) {
        long revision = event.path("revision").asLong();
        JsonNode entry = entry(revision, event);
        if (json) {
            out().println(Json.write(entry));
        } else {
            Style style = style();
            String action = Json.text(entry, "action");
            out().println(String.join("  ", style.bold("revision " + revision), text(entry, "time"),
                    "kill".equals(action) ? style.red(action) : action == null ? "" : action, text(entry, "flag"),
                    entry.has("actor") ? "by " + text(entry, "actor") : "",
                    entry.hasNonNull("comment") ? "\"" + text(entry, "comment") + "\"" : "").stripTrailing());
        }
        out().flush();
    }

    /** The history entry of the revision (who, when, why), or the event alone when it cannot be read. */
    private JsonNode entry(long revision, JsonNode event) {
        if (revision > 0) {
            ServerClient.Answer answer = server().send("GET", envPath() + "/revisions/" + revision, null);
            if (answer.ok()) {
                ObjectNode entry = (ObjectNode) answer.json();
                entry.remove("document");
                return entry;
            }
        }
        return event;
    }

    private static String text(JsonNode node, String field) {
        String text = Json.text(node, field);
        return text == null ? "" : text;
    }

    private void err(String message) {
        spec.commandLine().getErr().println(message);
        spec.commandLine().getErr().flush();
    }
}
