package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Writes a new revision whose flags and segments equal revision N's (history is kept).")
final class RollbackCommand extends WriteCommand {

    @Parameters(paramLabel = "N", description = "The revision to go back to.")
    long revision;

    @Override
    public Integer call() {
        return written(server().post(write(envPath() + "/revisions/" + revision + "/rollback"), body()),
                "rolled back to revision " + revision);
    }
}
