package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code flags.remote.usage.*} turn on flags-remote's usage reporting: an application context following a flag
 * server on the loopback interface posts its counts there, named after {@code spring.application.name}.
 */
class UsageReportingTest {

    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final HttpServer server = flagServer();
    private final String document = "http://127.0.0.1:" + server.getAddress().getPort()
            + "/v1/envs/production/document";
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class))
            .withPropertyValues("flags.location=", "flags.remote.url=" + document, "flags.remote.token=t0ken",
                    "spring.application.name=checkout");

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void reportsTheCountsNamedAfterTheApplication() {
        runner.withPropertyValues("flags.remote.usage.enabled=true", "flags.remote.usage.interval=200ms")
                .run(context -> {
                    FeatureFlags flags = context.getBean(FeatureFlags.class);
                    flags.isEnabled("new-checkout", FlagContext.of("user-1"));

                    await().atMost(Duration.ofSeconds(10)).until(() -> reports.stream()
                            .anyMatch(report -> report.contains("\"new-checkout\"")));
                    String report = reports.stream().filter(json -> json.contains("\"new-checkout\"")).findFirst()
                            .orElseThrow();
                    assertThat(JsonPath.<String>read(report, "$.app")).isEqualTo("checkout");
                    assertThat(JsonPath.<List<Integer>>read(report,
                            "$.flags[?(@.key == 'new-checkout')].variants[*].evaluations")).containsExactly(1);
                    assertThat(report).doesNotContain("user-1");
                    assertThat(flags.status().sources().get(0).details()).containsKey("usage");
                });
    }

    @Test
    void anAppNameOfItsOwnWins() {
        runner.withPropertyValues("flags.remote.usage.enabled=true", "flags.remote.usage.interval=200ms",
                "flags.remote.usage.app=payments").run(context -> {
                    context.getBean(FeatureFlags.class).isEnabled("new-checkout", FlagContext.of("user-1"));

                    await().atMost(Duration.ofSeconds(10)).until(() -> !reports.isEmpty());
                    assertThat(JsonPath.<String>read(reports.get(0), "$.app")).isEqualTo("payments");
                });
    }

    @Test
    void isOffByDefault() {
        runner.run(context -> assertThat(context.getBean(FeatureFlags.class).status().sources().get(0).details())
                .doesNotContainKey("usage"));
    }

    /** A flag server's two routes: the document, and the usage endpoint, which keeps each report's JSON. */
    private HttpServer flagServer() {
        try {
            HttpServer flagServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            flagServer.createContext("/v1/envs/production/document", exchange -> answer(exchange, 200,
                    "{\"revision\": 4, \"flags\": {\"new-checkout\": {\"enabled\": true}}}"));
            flagServer.createContext("/v1/envs/production/usage", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                try (InputStream json = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(new ByteArrayInputStream(body)) : new ByteArrayInputStream(body)) {
                    reports.add(new String(json.readAllBytes(), StandardCharsets.UTF_8));
                }
                answer(exchange, 202, "{\"accepted\": 1}");
            });
            flagServer.start();
            return flagServer;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("ETag", "\"4\"");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
