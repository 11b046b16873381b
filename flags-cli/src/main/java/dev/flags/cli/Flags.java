package dev.flags.cli;

import dev.flags.cli.internal.FlagsCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code flags} command: kill switches, rollouts, history and rollback against a flags-server, and offline
 * validation of flag files. See the module's README for every command; {@code flags --help} lists them.
 *
 * <p>Exit codes: 0 done, 1 error, 2 usage, 3 conflict (the flag changed since it was read), 4 not allowed (the
 * token was refused or lacks the role), 5 not found.
 */
public final class Flags {

    private Flags() {
    }

    /** Runs one command and exits with its code. */
    public static void main(String[] args) {
        boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(System.getenv(), terminal, out, err, args));
    }

    /**
     * Runs one command with this environment (for {@code FLAGS_URL}, {@code FLAGS_TOKEN}, {@code EDITOR} ...) and
     * these streams, and answers its exit code.
     */
    static int run(Map<String, String> environment, boolean colour, PrintWriter out, PrintWriter err,
            String... args) {
        return FlagsCommand.execute(environment, colour, out, err, args);
    }
}
