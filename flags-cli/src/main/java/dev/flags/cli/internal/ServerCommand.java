package dev.flags.cli.internal;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** A command that talks to the server: the connection options, {@code --json}, and the ways out. */
abstract class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    Connection connection;

    @Option(names = "--json", description = "Print the server's JSON instead of text, for scripts.")
    boolean json;

    private ServerClient client;

    Context context() {
        return ((FlagsCommand) spec.root().userObject()).context();
    }

    Style style() {
        return new Style(context().colour());
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    String env() {
        return connection().environment(context());
    }

    ServerClient server() {
        if (client == null) {
            client = connection().client(context());
        }
        return client;
    }

    /** The options given after the command, else those given before it. */
    private Connection connection() {
        return connection.or(((FlagsCommand) spec.root().userObject()).connection);
    }

    /** The path of this environment's resources, such as {@code /v1/envs/production}. */
    String envPath() {
        return "/v1/envs/" + ServerClient.segment(env());
    }

    String flagPath(String key) {
        return envPath() + "/flags/" + ServerClient.segment(key);
    }

    void printJson(JsonNode node) {
        out().println(Json.pretty(node));
    }
}
