package dev.flags.examples.quickstart;

import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSource;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The quickstart: flags from a local YAML file, evaluated for a handful of users, showing a rule, a sticky
 * rollout, a segment, a kill switch and a local override. It then follows the file: edit and save it, and it
 * prints what changed, or why an edit was rejected. {@code --once} prints one report and exits.
 *
 * <pre>
 * ./mvnw -q -pl examples -am compile exec:java -Dexec.args=--once
 * </pre>
 */
public final class Quickstart {

    static final List<String> FLAGS = List.of("new-checkout", "dark-mode", "payments-v2", "button-color");

    static final List<FlagContext> USERS = List.of(
            user("alice", "NL", "2.4.1", "alice@mail.test"),
            user("bob", "DE", "2.4.1", "bob@mail.test"),
            user("carol", "BE", "2.1.0", "carol@example.com"),
            user("dave", "US", "3.0.0", "dave@mail.test"),
            user("erin", "NL", "v2.3", "erin@mail.test"),
            user("frank", "FR", "1.9.9", "frank@example.com"));

    private Quickstart() {
    }

    public static void main(String[] args) throws InterruptedException {
        boolean once = Arrays.asList(args).contains("--once");
        PrintStream out = System.out;
        try (FeatureFlags flags = FeatureFlags.builder().source(source(out)).build()) {
            if (flags.status().lastError() != null) {
                out.println("Rejected: " + flags.status().lastError());
            }
            out.println(report(flags));
            flags.overrides().set("dark-mode", "on");
            out.println("After flags.overrides().set(\"dark-mode\", \"on\") in this process:");
            out.println("  dark-mode for dave: " + flags.evaluateBoolean("dark-mode", USERS.get(3), false));
            flags.overrides().clear("dark-mode");
            if (once) {
                return;
            }
            follow(flags, out);
            out.println("Following the flag file: edit it and save to see the change. Ctrl-C stops.");
            Thread.currentThread().join();
        }
    }

    /**
     * Prints each change with a new report, and each rejected edit with its problems, on this program's own output.
     * The library also logs a rejection as a WARN, but under {@code exec:java} its log goes to Maven's logger,
     * which {@code -q} silences; what is printed here shows whatever Maven's verbosity.
     */
    static void follow(FeatureFlags flags, PrintStream out) {
        flags.onChange(event -> {
            out.println("Changed: " + event.flagKeys() + " (revision " + event.revision() + ")");
            out.println(report(flags));
        });
        flags.onStatusChange(new Consumer<>() {
            private String shown = flags.status().lastError();

            @Override
            public void accept(FlagsStatus status) {
                String error = status.lastError();
                if (error != null && !error.equals(shown)) {
                    out.println("Rejected: " + error);
                } else if (error == null && shown != null) {
                    out.println("The flag file is valid again: " + status);
                }
                shown = error;
            }
        });
    }

    /** The flag file given as -Dquickstart.file (the README's command sets it), else the bundled copy. */
    private static FlagSource source(PrintStream out) {
        String file = System.getProperty("quickstart.file");
        if (file != null && Files.isRegularFile(Path.of(file))) {
            out.println("Flags from " + Path.of(file).toAbsolutePath().normalize());
            return FlagSources.file(Path.of(file));
        }
        out.println("Flags from the classpath copy of quickstart/flags.yaml (not followed: pass -Dquickstart.file)");
        return FlagSources.classpath("quickstart/flags.yaml");
    }

    /** One line per user: what each flag serves them, and why. */
    static String report(FeatureFlags flags) {
        StringBuilder text = new StringBuilder("Status: ").append(flags.status()).append('\n');
        text.append(String.format("%-7s %-7s %-7s", "user", "country", "app"));
        FLAGS.forEach(flag -> text.append(String.format(" %-24s", flag)));
        text.append('\n');
        for (FlagContext user : USERS) {
            text.append(String.format("%-7s %-7s %-7s", user.key(), user.get("country"), user.get("appVersion")));
            for (String flag : FLAGS) {
                Evaluation<Object> evaluation = flags.evaluateObject(flag, user, "-");
                text.append(String.format(" %-24s", evaluation.variant() + " (" + evaluation.reason() + ")"));
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static FlagContext user(String key, String country, String appVersion, String email) {
        return FlagContext.builder(key)
                .set("country", country)
                .set("appVersion", appVersion)
                .set("email", email)
                .build();
    }
}
