package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "kill", mixinStandardHelpOptions = true,
        description = "The kill switch: the flag serves its off variant to everyone (enabled: false).")
final class KillCommand extends WriteCommand {

    @Parameters(paramLabel = "KEY", description = "The flag.")
    String key;

    @Override
    public Integer call() {
        return written(server().post(write(flagPath(key) + "/kill"), body()), "killed " + key);
    }
}
