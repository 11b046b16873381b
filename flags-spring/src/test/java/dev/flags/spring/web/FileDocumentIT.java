package dev.flags.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@code file:} location followed live: health goes from DOWN (no document yet) to UP, edits change what the
 * application serves, and an invalid edit leaves the last good flags in force with a stale health. One story,
 * in order.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileDocumentIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    static Path directory;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void location(DynamicPropertyRegistry registry) {
        registry.add("flags.location", () -> "file:" + directory.resolve("flags.yaml"));
    }

    @Test
    @Order(1)
    void isDownBeforeTheFirstDocument() {
        HttpResponse<String> health = http().get("/actuator/health/flags");
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("DOWN");
        assertThat(http().get("/checkout").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void servesTheDocumentOnceWritten() throws IOException {
        write("revision: 1\nflags: { new-checkout: { enabled: true }, beta-page: { enabled: false } }");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http().get("/checkout").statusCode()).isEqualTo(200));
        assertThat(JsonPath.<String>read(http().get("/actuator/health/flags").body(), "$.status")).isEqualTo("UP");
        assertThat(http().get("/beta").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void followsAnEdit() throws IOException {
        write("revision: 2\nflags: { new-checkout: { enabled: false }, beta-page: { enabled: true } }");
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(http().get("/beta").statusCode()).isEqualTo(200));
        assertThat(http().get("/checkout").statusCode()).isEqualTo(404);
        assertThat(JsonPath.<Integer>read(http().get("/actuator/flags").body(), "$.status.revision")).isEqualTo(2);
    }

    @Test
    @Order(4)
    void keepsTheLastGoodFlagsAndTurnsStaleOnAnInvalidEdit() throws IOException {
        write("revision: 3\nflags: { beta-page: { enabled: maybe } }");
        await().atMost(PATIENCE).untilAsserted(() -> {
            HttpResponse<String> health = http().get("/actuator/health/flags");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(JsonPath.<Boolean>read(health.body(), "$.details.stale")).isTrue();
        });
        assertThat(http().get("/beta").statusCode()).isEqualTo(200);
        String flags = http().get("/actuator/flags").body();
        assertThat(JsonPath.<String>read(flags, "$.status.state")).isEqualTo("STALE");
        assertThat(JsonPath.<String>read(flags, "$.status.lastError")).contains("beta-page");
    }

    private TestHttp http() {
        return new TestHttp(port);
    }

    /** Writes atomically, as the file source recommends. */
    private static void write(String document) throws IOException {
        Path temporary = Files.writeString(directory.resolve("flags.yaml.tmp"), document);
        Files.move(temporary, directory.resolve("flags.yaml"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
