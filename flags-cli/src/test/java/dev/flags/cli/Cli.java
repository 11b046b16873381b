package dev.flags.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/** Runs the flags command in-process with its own environment, capturing what it prints. */
final class Cli {

    private final Map<String, String> environment;

    Cli(Map<String, String> environment) {
        this.environment = new HashMap<>(environment);
    }

    Cli with(String name, String value) {
        Cli cli = new Cli(environment);
        cli.environment.put(name, value);
        return cli;
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Flags.run(environment, false, new PrintWriter(out), new PrintWriter(err), args);
        return new Result(code, out.toString(), err.toString());
    }

    /** Runs with output written to {@code out} as it comes, for commands that keep running (watch). */
    int run(StringWriter out, String... args) {
        return Flags.run(environment, false, new PrintWriter(out, true), new PrintWriter(new StringWriter()), args);
    }

    record Result(int code, String out, String err) {
    }
}
