package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Undoes a kill: the flag evaluates its rules again (enabled: true).")
final class RestoreCommand extends WriteCommand {

    @Parameters(paramLabel = "KEY", description = "The flag.")
    String key;

    @Override
    public Integer call() {
        return written(server().post(write(flagPath(key) + "/restore"), body()), "restored " + key);
    }
}
