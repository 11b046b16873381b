package dev.flags.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

@Command(name = "promote", mixinStandardHelpOptions = true,
        description = "Copies one flag (or, with --all, every flag and segment) from one environment to another, "
                + "as a new revision there.")
final class PromoteCommand extends WriteCommand {

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "The flag (or --all).")
    String key;

    @Option(names = "--all", description = "Every flag and segment.")
    boolean all;

    @Option(names = "--from", required = true, paramLabel = "ENV", description = "The environment to copy from.")
    String from;

    @Option(names = "--to", paramLabel = "ENV", description = "The environment to write (default: --env).")
    String to;

    @Override
    public Integer call() {
        if ((key == null) == !all) {
            throw new ParameterException(spec.commandLine(), "Give either a flag KEY or --all");
        }
        if (to != null) {
            connection.env = to;
        }
        String path = envPath() + "/promote?from=" + ServerClient.segment(from)
                + (key == null ? "" : "&flag=" + ServerClient.segment(key));
        return written(server().post(write(path), body()),
                "promoted " + (key == null ? "every flag" : key) + " from " + from);
    }
}
