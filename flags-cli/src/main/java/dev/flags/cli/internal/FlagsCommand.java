package dev.flags.cli.internal;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
        footerHeading = "%nEnvironment:%n",
        footer = {"  FLAGS_URL    the server (default " + Connection.DEFAULT_URL + ")",
                "  FLAGS_TOKEN  the token (or FLAGS_TOKEN_FILE, a file holding it)",
                "  FLAGS_ENV    the environment (default production)",
                "%nExit codes: 0 done, 1 error, 2 usage, 3 conflict, 4 not allowed, 5 not found."})
public final class FlagsCommand implements Callable<Integer> {

    /** Every command by its name, in the order the help lists them. */
    private static final Map<String, Class<?>> COMMANDS = commands(ListCommand.class, GetCommand.class,
            KillCommand.class, RestoreCommand.class, RolloutCommand.class, EditCommand.class, HistoryCommand.class,
            StaleCommand.class, DiffCommand.class, RollbackCommand.class, PromoteCommand.class, ValidateCommand.class,
            WatchCommand.class, TokensCommand.class, ExplainCommand.class, AutoComplete.GenerateCompletion.class);
    private static final String COMPLETION = "generate-completion";
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--url", "--token", "--token-file", "-e", "--env");

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
        String named = commandName(args);
        // picocli reads a command's annotations when it is added: a command named on the line is added alone (a
        // fifth less CPU for validate in a new JVM); the root's help, the completion script and a misspelling
        // need them all.
        boolean alone = named != null && COMMANDS.containsKey(named) && !named.equals(COMPLETION);
        COMMANDS.forEach((name, type) -> {
            if (!alone || name.equals(named)) {
                line.addSubcommand(name, type);
            }
        });
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

    /**
     * The command an argument list names: its first argument that is neither an option of the root nor an option's
     * value; null when the root's help or version, or an option it does not know, comes first.
     */
    static String commandName(String... args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            boolean attached = arg.startsWith("-e") && !arg.startsWith("--")
                    || arg.contains("=") && OPTIONS_WITH_VALUE.contains(arg.substring(0, arg.indexOf('=')));
            if (OPTIONS_WITH_VALUE.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            } else if (!attached) {
                return null;
            }
        }
        return null;
    }

    private static Map<String, Class<?>> commands(Class<?>... types) {
        Map<String, Class<?>> commands = new LinkedHashMap<>();
        for (Class<?> type : types) {
            commands.put(type.getAnnotation(Command.class).name(), type);
        }
        return Collections.unmodifiableMap(commands);
    }
}
