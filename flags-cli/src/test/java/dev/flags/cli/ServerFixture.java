package dev.flags.cli;

import dev.flags.server.FlagServerApplication;
import dev.flags.testsupport.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real flags-server in this JVM on a random port, with environments production and staging: on the embedded
 * database in a directory, or on a PostgreSQL (several fixtures on one PostgreSQL are replicas).
 */
final class ServerFixture implements AutoCloseable {

    static final String ADMIN = "cli-test-admin-token-5f1e";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ConfigurableApplicationContext context;
    final String url;

    ServerFixture(Path dataDir) {
        this(dataDir, new String[0]);
    }

    private ServerFixture(Path dataDir, String... more) {
        String[] args = {"--server.port=0", "--flags.server.data-dir=" + dataDir,
                "--flags.server.admin-token=" + ADMIN, "--flags.server.environments=production,staging",
                "--logging.level.root=WARN"};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        context = new SpringApplicationBuilder(FlagServerApplication.class).run(all);
        url = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** A server on this PostgreSQL; its data directory stays unused. */
    static ServerFixture onPostgres(Path dataDir, PostgresServer postgres) {
        return new ServerFixture(dataDir, "--spring.datasource.url=" + postgres.url(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password()));
    }

    /** The command, pointed at this server with the admin token. */
    Cli cli() {
        return new Cli(java.util.Map.of("FLAGS_URL", url, "FLAGS_TOKEN", ADMIN));
    }

    /** Creates a flag (in production unless the path says otherwise): {@code create("production", "k", json)}. */
    void create(String env, String key, String definitionJson) {
        int status = send("PUT", "/v1/envs/" + env + "/flags/" + key,
                "{\"definition\": " + definitionJson + ", \"comment\": \"created by the test\"}", "If-None-Match", "*");
        if (status != 201) {
            throw new IllegalStateException("creating " + key + " answered " + status);
        }
    }

    int send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
