package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

@Command(name = "get", mixinStandardHelpOptions = true, description = "One flag's definition (YAML), and its version.")
final class GetCommand extends ServerCommand {

    @Parameters(paramLabel = "KEY", description = "The flag.")
    String key;

    @Override
    public Integer call() {
        JsonNode flag = server().get(flagPath(key));
        if (json) {
            printJson(flag);
            return 0;
        }
        out().println(style().dim("# " + key + " in " + env() + ", version " + flag.path("version").asString()));
        out().print(Json.yaml(flag.path("definition")));
        return 0;
    }
}
