package dev.flags.cli.internal;

import dev.flags.DocumentProblem;
import dev.flags.FlagDocuments;
import dev.flags.model.FlagDocument;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a flag document (JSON or YAML) offline, as every client would: the same compiler and "
                + "JSON Schema. Lists every problem with its line; exits 1 when there is one."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The document.")
    Path file;

    @Option(names = "--json",
            description = "Print {file, valid, problems: [{line, column, path, flag, field, message}]}.")
    boolean json;

    @Override
    public Integer call() {
        String text = read();
        List<DocumentProblem> problems = FlagDocuments.problems(text);
        LineLocator locator = problems.isEmpty() ? null : LineLocator.of(text);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode answer = Json.object().put("file", file.toString()).put("valid", problems.isEmpty());
            ArrayNode list = answer.putArray("problems");
            for (DocumentProblem problem : problems) {
                list.addObject().put("line", line(problem, locator)).put("column", problem.column())
                        .put("path", problem.path()).put("flag", problem.flag()).put("field", problem.field())
                        .put("message", problem.message());
            }
            out.println(Json.pretty(answer));
        } else if (problems.isEmpty()) {
            FlagDocument document = FlagDocuments.parse(text);
            out.println(file + ": valid (" + document.flags().size() + " flags, " + document.segments().size()
                    + " segments)");
        } else {
            List<DocumentProblem> byLine = problems.stream()
                    .sorted(java.util.Comparator.comparingInt(problem -> line(problem, locator))).toList();
            for (DocumentProblem problem : byLine) {
                int line = line(problem, locator);
                String where = problem.line() > 0 ? "" : problem.path() + ": ";
                out.println(file + (line > 0 ? ":" + line : "") + ": " + where + problem.message());
            }
            out.println(problems.size() + (problems.size() == 1 ? " problem" : " problems") + " in " + file);
        }
        return problems.isEmpty() ? 0 : CliException.ERROR;
    }

    private static int line(DocumentProblem problem, LineLocator locator) {
        return problem.line() > 0 ? problem.line() : locator.line(problem.path());
    }

    private String read() {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.error("error: no file " + file);
        } catch (CharacterCodingException e) {
            throw CliException.error("error: " + file + " is not UTF-8");
        } catch (IOException e) {
            throw CliException.error("error: cannot read " + file + ": " + e.getMessage());
        }
    }
}
