package dev.flags.cli.internal;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@Command(name = "tokens", mixinStandardHelpOptions = true, description = "API tokens (an admin token is needed).",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a token and prints its secret, this once.")
    static final class Create extends ServerCommand {

        @Parameters(paramLabel = "NAME", description = "Who or what uses it; the actor in the history.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "read, write or admin (admin implies write implies read).")
        String role;

        @Option(names = "--environment", paramLabel = "ENV", split = ",",
                description = "Only these environments (default: all).")
        List<String> environments;

        @Override
        public Integer call() {
            ObjectNode body = Json.object().put("name", name).put("role", role);
            if (environments != null) {
                environments.forEach(body.putArray("environments")::add);
            }
            JsonNode token = server().post("/v1/tokens", body);
            if (json) {
                printJson(token);
                return 0;
            }
            out().println("created token " + Json.text(token, "name") + " (id " + Json.text(token, "id") + ", role "
                    + Json.text(token, "role") + ", environments " + environments(token) + ")");
            out().println(Json.text(token, "token"));
            out().println(style().yellow("The secret is shown this once: store it now."));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The tokens, without their secrets.")
    static final class ListTokens extends ServerCommand {

        @Override
        public Integer call() {
            JsonNode tokens = server().get("/v1/tokens");
            if (json) {
                printJson(tokens);
                return 0;
            }
            Style style = style();
            Table table = new Table(style, "ID", "NAME", "ROLE", "ENVIRONMENTS", "CREATED", "LAST USED", "STATE");
            for (JsonNode token : tokens) {
                table.row(Json.text(token, "id"), Json.text(token, "name"), Json.text(token, "role"),
                        environments(token), Json.text(token, "created"), Json.text(token, "lastUsed"),
                        token.path("revoked").asBoolean() ? style.red("revoked") : "active");
            }
            table.print(out());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a token at once: its next request is refused.")
    static final class Revoke extends ServerCommand {

        @Parameters(paramLabel = "ID", description = "The token's id (see `tokens list`).")
        String id;

        @Override
        public Integer call() {
            server().delete("/v1/tokens/" + ServerClient.segment(id));
            if (json) {
                printJson(Json.object().put("id", id).put("revoked", true));
            } else {
                out().println("revoked token " + id);
            }
            return 0;
        }
    }

    static String environments(JsonNode token) {
        JsonNode environments = token.get("environments");
        if (environments == null || environments.isNull() || environments.isEmpty()) {
            return "all";
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode environment : environments) {
            text.append(text.length() == 0 ? "" : ",").append(environment.asString());
        }
        return text.toString();
    }
}
