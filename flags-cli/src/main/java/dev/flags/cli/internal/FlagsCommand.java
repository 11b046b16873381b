package dev.flags.cli.internal;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root of the {@code flags} command. */
@Command(name = "flags", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Flip kill switches, move rollouts, read history and roll back on a flags-server; "
                + "validate flag files offline.",
        subcommands = {ListCommand.class, GetCommand.class, KillCommand.class, RestoreCommand.class,
                RolloutCommand.class, EditCommand.class, HistoryCommand.class, DiffCommand.class,
                RollbackCommand.class, PromoteCommand.class, ValidateCommand.class, WatchCommand.class,
                TokensCommand.class, ExplainCommand.class, AutoComplete.GenerateCompletion.class},
        footerHeading = "%nEnvironment:%n",
        footer = {"  FLAGS_URL    the server (default " + Connection.DEFAULT_URL + ")",
                "  FLAGS_TOKEN  the token (or FLAGS_TOKEN_FILE, a file holding it)",
                "  FLAGS_ENV    the environment (default production)",
                "%nExit codes: 0 done, 1 error, 2 usage, 3 conflict, 4 not allowed, 5 not found."})
public final class FlagsCommand implements Callable<Integer> {

    private final Context context;

    @Spec
    CommandSpec spec;

    /** The connection options given before the command ({@code flags --env staging list}). */
    @Mixin
    Connection connection;

    private FlagsCommand(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /** Runs one command line and answers its exit code; every failure is printed to {@code err}. */
    public static int execute(Map<String, String> environment, boolean colour, PrintWriter out, PrintWriter err,
            String... args) {
        CommandLine line = new CommandLine(new FlagsCommand(new Context(Map.copyOf(environment), colour)));
        line.setOut(out);
        line.setErr(err);
        line.setColorScheme(Help.defaultColorScheme(colour ? Help.Ansi.ON : Help.Ansi.OFF));
        line.setExecutionExceptionHandler((exception, commandLine, parsed) -> {
            if (exception instanceof CliException failure) {
                commandLine.getErr().println(failure.getMessage());
                return failure.exitCode();
            }
            commandLine.getErr().println("error: " + exception);
            return CliException.ERROR;
        });
        try {
            return line.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
