package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

@Command(name = "list", mixinStandardHelpOptions = true, description = "The flags of an environment.")
final class ListCommand extends ServerCommand {

    @Override
    public Integer call() {
        JsonNode flags = server().get(envPath() + "/flags");
        if (json) {
            printJson(flags);
            return 0;
        }
        Style style = style();
        Table table = new Table(style, "FLAG", "STATE", "VERSION", "DESCRIPTION");
        for (JsonNode flag : flags) {
            boolean enabled = flag.path("enabled").asBoolean();
            table.row(Json.text(flag, "key"), enabled ? style.green("on") : style.red("killed"),
                    flag.path("version").asString(), Json.text(flag, "description"));
        }
        table.print(out());
        return 0;
    }
}
