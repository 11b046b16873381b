package dev.flags.cli.internal;

import dev.flags.DocumentProblem;
import dev.flags.FlagDocuments;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Opens the flag's definition (YAML) in $VISUAL or $EDITOR; when the editor exits, checks it "
                + "with flags-core against the environment's document and sends it, only if nobody changed the "
                + "flag meanwhile (If-Match).",
                "On a conflict (exit 3) it shows the other change and keeps your edit in a file."})
final class EditCommand extends WriteCommand {

    private static final String HEADER = "# Flag %s in %s, version %s. Save and quit to send it; "
            + "delete everything to cancel.%n";

    private static final String CREATE_HEADER = "# New flag %s in %s: served off to everyone until you change it. "
            + "Save and quit to create it; delete everything to cancel.%n";

    @Parameters(paramLabel = "KEY", description = "The flag.")
    String key;

    @Option(names = "--create", description = "Create the flag from a template (serving off to everyone); sent "
            + "only if the flag still does not exist (If-None-Match: *).")
    boolean create;

    @Override
    public Integer call() throws IOException {
        String version;
        JsonNode before;
        String original;
        if (create) {
            refuseExisting();
            version = "none";
            before = Json.object().put("description", "").put("enabled", true)
                    .set("default", Json.object().put("serve", "off"));
            original = String.format(CREATE_HEADER, key, env()) + Json.yaml(before);
        } else {
            ServerClient.Answer found = server().send("GET", flagPath(key), null);
            if (found.status() == 404) {
                CliException missing = server().failure(found, flagPath(key));
                throw new CliException(missing.exitCode(), missing.getMessage() + "\nTo create it: flags edit " + key
                        + " --create");
            }
            JsonNode current = server().expect(found, flagPath(key));
            version = current.path("version").asString();
            before = current.path("definition");
            original = String.format(HEADER, key, env(), version) + Json.yaml(before);
        }
        Path file = Files.createTempFile("flags-" + key.replaceAll("[^A-Za-z0-9_.-]", "_") + "-", ".yaml");
        Files.writeString(file, original, StandardCharsets.UTF_8);
        runEditor(file);
        String edited = Files.readString(file, StandardCharsets.UTF_8);
        PrintWriter out = out();
        if (withoutComments(edited).isBlank()) {
            Files.deleteIfExists(file);
            out.println("cancelled: nothing sent");
            return 0;
        }
        FlagDefinition definition = check(edited, file);
        JsonNode after = Json.read(FlagDocuments.toJson(definition));
        JsonNode unchanged = Json.read(FlagDocuments.toJson(FlagDocuments.parseFlag(key, Json.write(before))));
        if (!create && after.equals(unchanged)) {
            Files.deleteIfExists(file);
            out.println("no change: nothing sent");
            return 0;
        }
        ObjectNode body = body();
        body.set("definition", after);
        ServerClient.Answer answer = create ? server().send("PUT", write(flagPath(key)), body, "If-None-Match", "*")
                : server().send("PUT", write(flagPath(key)), body, "If-Match", "\"" + version + "\"");
        if (answer.status() == 412) {
            throw conflict(answer, before, version, file);
        }
        if (!answer.ok()) {
            CliException failure = server().failure(answer, flagPath(key));
            throw new CliException(failure.exitCode(), failure.getMessage() + "\nYour edit is kept in " + file);
        }
        Files.deleteIfExists(file);
        return written(answer.json(), (create ? "created " : "updated ") + key);
    }

    private void refuseExisting() {
        ServerClient.Answer existing = server().send("GET", flagPath(key), null);
        if (existing.ok()) {
            throw CliException.error("error: " + key + " already exists in " + env() + "; edit it without --create");
        }
        if (existing.status() != 404) {
            throw server().failure(existing, flagPath(key));
        }
    }

    private void runEditor(Path file) throws IOException {
        String editor = context().env("VISUAL") != null ? context().env("VISUAL")
                : context().env("EDITOR") != null ? context().env("EDITOR") : "vi";
        // Through the shell, so EDITOR may carry arguments ("code --wait").
        ProcessBuilder process = new ProcessBuilder("sh", "-c", editor + " \"$1\"", "sh", file.toString()).inheritIO();
        process.environment().clear();
        process.environment().putAll(context().environment());
        try {
            int exit = process.start().waitFor();
            if (exit != 0) {
                throw CliException.error("error: the editor (" + editor + ") exited with " + exit
                        + "; nothing sent. Your edit is in " + file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("error: interrupted; nothing sent. Your edit is in " + file);
        }
    }

    /** The edited definition, checked as a client would check the document holding it. */
    private FlagDefinition check(String edited, Path file) {
        List<String> problems;
        FlagDefinition definition = null;
        try {
            definition = FlagDocuments.parseFlag(key, edited);
            FlagDocument document = FlagDocuments.parse(Json.write(server().get(envPath() + "/document")));
            problems = FlagDocuments.problems(document.withFlag(key, definition)).stream()
                    .map(DocumentProblem::toString).toList();
        } catch (InvalidFlagDocumentException e) {
            problems = e.problems().stream().map(DocumentProblem::toString).toList();
        }
        if (!problems.isEmpty()) {
            throw CliException.error("error: the edit is not valid; nothing sent.\n  " + String.join("\n  ", problems)
                    + "\nYour edit is kept in " + file);
        }
        return definition;
    }

    private CliException conflict(ServerClient.Answer answer, JsonNode before, String version, Path file) {
        JsonNode now = answer.json().path("current");
        StringBuilder message = new StringBuilder("conflict: ").append(key).append(create
                ? " was created in " + env() + " by someone else meanwhile"
                : " changed in " + env() + " since you opened it at version " + version)
                .append(": it is now at version ").append(now.path("version").asString())
                .append("; nothing sent.\nTheir change:\n");
        for (String line : LineDiff.of(Changes.yaml(before), Changes.yaml(now.path("definition")))) {
            message.append("    ").append(line).append('\n');
        }
        message.append("Your edit is kept in ").append(file).append("; run `flags edit ").append(key)
                .append("` again to apply it to the new version.");
        return new CliException(CliException.CONFLICT, message.toString());
    }

    private static String withoutComments(String text) {
        return text.lines().filter(line -> !line.stripLeading().startsWith("#")).reduce("", (a, b) -> a + b);
    }
}
