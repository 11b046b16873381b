package dev.flags.cli.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training run of the launcher's class data sharing: runs the commands ops run most in one JVM, printing
 * nothing, so that the JVM can archive the classes they load ({@code -XX:ArchiveClassesAtExit}) and later starts map
 * them instead of reading and verifying them from the jar. {@code validate} reads a sample file; {@code kill},
 * {@code list} and {@code get} talk to a stand-in for flags-server on the loopback interface that answers as it does.
 */
public final class Warmup {

    private static final String FLAG = "warmup";
    private static final String SAMPLE = """
            flags:
              warmup:
                description: The launcher's training run
                enabled: true
                variants: {on: true, off: false}
                rules:
                  - name: testers
                    when: [{op: inSegment, values: [testers]}]
                    serve: on
                default: {serve: off}
            segments:
              testers:
                when: [{attribute: country, op: in, values: [NL]}]
            """;
    private static final Map<String, String> ANSWERS = Map.of(
            "POST /v1/envs/production/flags/" + FLAG + "/kill", "{\"revision\": 2, \"version\": 2}",
            "GET /v1/envs/production/flags",
            "[{\"key\": \"" + FLAG + "\", \"version\": 2, \"enabled\": false, \"description\": \"d\"}]",
            "GET /v1/envs/production/flags/" + FLAG,
            "{\"key\": \"" + FLAG + "\", \"version\": 2, \"definition\": {\"enabled\": false}}");

    private Warmup() {
    }

    /** Runs the training; exits 1 when a command did not succeed (the launcher then keeps no archive). */
    public static void main(String[] args) throws IOException {
        System.exit(run() ? 0 : 1);
    }

    /** True when every command of the training succeeded, so that the archive holds their normal paths. */
    static boolean run() throws IOException {
        Path sample = Files.createTempFile("flags-warmup", ".yaml");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", Warmup::answer);
        server.start();
        try {
            Files.writeString(sample, SAMPLE);
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Map<String, String> environment = Map.of("FLAGS_URL", url, "FLAGS_TOKEN", "warmup");
            boolean ok = true;
            for (List<String> command : List.of(List.of("validate", sample.toString()),
                    List.of("kill", FLAG, "-m", "warmup"), List.of("list"), List.of("get", FLAG))) {
                ok &= FlagsCommand.execute(environment, false, new PrintWriter(new StringWriter()),
                        new PrintWriter(new StringWriter()), command.toArray(String[]::new)) == 0;
            }
            return ok;
        } finally {
            server.stop(0);
            Files.deleteIfExists(sample);
        }
    }

    private static void answer(HttpExchange exchange) {
        try (exchange) {
            String body = ANSWERS.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "{\"status\": 404, \"title\": \"Not Found\"}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    body == null ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
