package dev.flags.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real server on a random port, started the way outside tests start it, with a small HTTP client. */
final class TestServer implements AutoCloseable {

    static final String ADMIN = "test-admin-token";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final ConfigurableApplicationContext context;
    final int port;

    private TestServer(ConfigurableApplicationContext context) {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    static TestServer start(Path dataDir, String... extra) {
        return start(dataDir, null, extra);
    }

    /** A server whose clock is {@code clock} (null: the system's). */
    static TestServer start(Path dataDir, java.time.Clock clock, String... extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--flags.server.data-dir=" + dataDir,
                "--flags.server.admin-token=" + ADMIN, "--flags.server.environments=production,staging",
                "--logging.level.root=WARN"));
        args.addAll(List.of(extra));
        SpringApplicationBuilder builder = new SpringApplicationBuilder(FlagServerApplication.class);
        if (clock != null) {
            builder.initializers(context -> context.getBeanFactory().registerSingleton("testClock", clock));
        }
        return new TestServer(builder.run(args.toArray(String[]::new)));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Response get(String path) {
        return send("GET", path, null, ADMIN);
    }

    Response send(String method, String path, String body, String token, String... headers) {
        return sendBytes(method, path, body == null ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token, headers);
    }

    Response sendBytes(String method, String path, byte[] body, String token, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** PUT a flag (create with If-None-Match: *). */
    Response create(String env, String key, String definition) {
        return send("PUT", "/v1/envs/" + env + "/flags/" + key, "{\"definition\": " + definition + "}", ADMIN,
                "If-None-Match", "*");
    }

    Response post(String path, String body) {
        return send("POST", path, body, ADMIN);
    }

    @Override
    public void close() {
        context.close();
    }

    record Response(int status, String body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }
}
