package dev.flags.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The server's HTTP API on the JDK client. Failures become {@link CliException}s whose message names the URL and
 * the server's problem, never the token (it only ever travels in the {@code Authorization} header).
 */
final class ServerClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String token;
    private final HttpClient http;

    ServerClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** An answer of any status. */
    record Answer(int status, String body, HttpHeaders headers) {

        JsonNode json() {
            return Json.read(body);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The URL of a path, as shown to people: without any user info. */
    String show(String path) {
        return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort())
                + (base.getRawPath() == null ? "" : base.getRawPath()) + path;
    }

    JsonNode get(String path) {
        return expect(send("GET", path, null), path);
    }

    JsonNode post(String path, JsonNode body) {
        return expect(send("POST", path, body), path);
    }

    void delete(String path) {
        expect(send("DELETE", path, null), path);
    }

    /** Sends a request; answers whatever status came back, and fails only when no answer came. */
    Answer send(String method, String path, JsonNode body, String... headers) {
        HttpRequest request = request(method, path, body, headers).build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw unreachable(path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.error("error: interrupted");
        }
    }

    /** Opens a streamed GET (the server-sent events); the caller reads and closes the body. */
    HttpResponse<InputStream> open(String path, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET().header("Accept", "text/event-stream");
        authorize(request);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    CliException unreachable(String path, IOException e) {
        String why = e instanceof ConnectException ? "connection refused (is the server running?)"
                : e instanceof HttpTimeoutException ? "no answer within " + TIMEOUT.toSeconds() + " s"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return CliException.error("error: cannot reach " + show(path) + ": " + why);
    }

    /** The answer's body when it succeeded, else the failure the user reads, with the exit code of its status. */
    JsonNode expect(Answer answer, String path) {
        if (answer.ok()) {
            return answer.body() == null || answer.body().isBlank() ? Json.MAPPER.nullNode() : answer.json();
        }
        throw failure(answer, path);
    }

    CliException failure(Answer answer, String path) {
        int status = answer.status();
        int code = switch (status) {
            case 401, 403 -> CliException.NOT_ALLOWED;
            case 404 -> CliException.NOT_FOUND;
            case 412 -> CliException.CONFLICT;
            default -> CliException.ERROR;
        };
        StringBuilder message = new StringBuilder("error: ");
        JsonNode problem = problem(answer);
        String detail = problem == null ? null : Json.text(problem, "detail");
        String title = problem == null ? null : Json.text(problem, "title");
        message.append(title != null ? title : "HTTP " + status).append(" (").append(status).append(')');
        if (detail != null) {
            message.append(": ").append(detail);
        }
        if (status == 401) {
            message.append("\nSet FLAGS_TOKEN, FLAGS_TOKEN_FILE, --token-file or --token.");
        }
        if (problem != null) {
            for (JsonNode error : problem.path("errors")) {
                String flag = Json.text(error, "flag");
                String field = Json.text(error, "field");
                String where = flag == null ? (field == null ? "" : field)
                        : "flags." + flag + (field == null || field.isEmpty() ? "" : "." + field);
                message.append("\n  ").append(where.isEmpty() ? "" : where + ": ").append(Json.text(error, "message"));
            }
        }
        message.append("\n(").append(show(path)).append(')');
        return new CliException(code, message.toString());
    }

    private static JsonNode problem(Answer answer) {
        if (answer.body() == null || answer.body().isBlank()) {
            return null;
        }
        try {
            JsonNode node = answer.json();
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private HttpRequest.Builder request(String method, String path, JsonNode body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        authorize(request);
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    private void authorize(HttpRequest.Builder request) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    @Override
    public String toString() {
        return "ServerClient[" + show("") + "]";
    }
}
