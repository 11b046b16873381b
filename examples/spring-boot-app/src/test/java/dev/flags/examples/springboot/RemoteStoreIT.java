package dev.flags.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The shop following a remote flag store (a tiny one on the loopback interface) above its local document. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class RemoteStoreIT {

    private static final String DOCUMENT = """
            {"revision": 12, "flags": {
              "beta-page": {"enabled": true},
              "holiday-pricing": {"enabled": true}
            }}""";

    private static final HttpServer STORE = store();

    @LocalServerPort
    int port;

    ShopHttp http;

    @DynamicPropertySource
    static void remote(DynamicPropertyRegistry registry) {
        registry.add("flags.remote.url", () -> url());
        registry.add("flags.remote.token", () -> "demo-token");
    }

    @AfterAll
    static void stopStore() {
        STORE.stop(0);
    }

    @BeforeEach
    void client() {
        http = new ShopHttp(port);
    }

    @Test
    void servesTheStoresFlagsAboveTheLocalDocument() {
        assertThat(http.get("/beta").statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(http.get("/").body(), "$.greeting")).isEqualTo("Hello");
    }

    @Test
    void choseThePricingTheStoreSaidAtStartUp() {
        assertThat(JsonPath.<String>read(http.get("/").body(), "$.pricing")).isEqualTo("holiday");
    }

    @Test
    void showsBothSourcesInTheActuator() {
        String flags = http.get("/actuator/flags").body();
        assertThat(JsonPath.<List<String>>read(flags, "$.status.sources[*].name"))
                .containsExactly("classpath:flags.yaml", url());
        assertThat(JsonPath.<Integer>read(flags, "$.status.revision")).isEqualTo(12);
        assertThat(JsonPath.<String>read(flags, "$.flags.beta-page.source")).isEqualTo(url());
        assertThat(flags).doesNotContain("demo-token");
    }

    private static String url() {
        return "http://127.0.0.1:" + STORE.getAddress().getPort() + "/v1/flags";
    }

    private static HttpServer store() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/v1/flags", exchange -> {
                boolean authorized = "Bearer demo-token".equals(exchange.getRequestHeaders().getFirst("Authorization"));
                byte[] body = DOCUMENT.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("ETag", "\"12\"");
                exchange.sendResponseHeaders(authorized ? 200 : 401, authorized ? body.length : -1);
                if (authorized) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
