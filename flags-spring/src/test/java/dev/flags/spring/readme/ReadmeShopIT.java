package dev.flags.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's runnable example ({@link ShopApplication}) on the README's flags.yaml, asked the README's curl
 * commands, each answering what its comment says.
 */
@SpringBootTest(classes = {ShopApplication.class, ReadmeShopIT.OpenSecurity.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=flags")
class ReadmeShopIT {

    private static final Pattern CURL = Pattern.compile(
            "curl( -i)?(?: -H '([^:]+): ([^']+)')?( -i)? localhost:8080(\\S+)\\s+# (.*)");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void theReadmesDocument(DynamicPropertyRegistry properties) throws IOException {
        Path file = Files.createTempFile("readme-flags", ".yaml");
        file.toFile().deleteOnExit();
        Files.writeString(file, Readme.blocks().stream().filter(block -> block.startsWith("yaml\n")).findFirst()
                .orElseThrow().substring("yaml\n".length()));
        properties.add("flags.location", () -> "file:" + file);
    }

    @Test
    void everyCurlCommandAnswersWhatItsCommentSays() {
        List<String> commands = Readme.blocks().stream().filter(block -> block.startsWith("\ncurl"))
                .findFirst().orElseThrow().lines().filter(line -> line.startsWith("curl")).toList();

        assertThat(commands).hasSize(3).allSatisfy(command -> {
            Matcher curl = CURL.matcher(command);
            assertThat(curl.matches()).as(command).isTrue();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + curl.group(5)));
            if (curl.group(2) != null) {
                request.header(curl.group(2), curl.group(3));
            }
            HttpResponse<String> response = send(request.build());
            String expected = curl.group(6).strip();
            if (expected.startsWith("HTTP/1.1 ")) {
                assertThat(response.statusCode()).as(command).isEqualTo(Integer.parseInt(expected.substring(9)));
            } else if (expected.startsWith("with management.endpoints")) {
                assertThat(response.statusCode()).as(command).isEqualTo(200);
                assertThat(response.body()).contains("\"new-checkout\"").contains("\"beta-page\"");
            } else {
                assertThat(response.body()).as(command).isEqualTo(expected);
            }
        });
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The README's blocks as "language\ntext", read directly so this package needs nothing of the test's others. */
    static final class Readme {
        static List<String> blocks() {
            try {
                String text = Files.readString(Path.of("README.md"));
                List<String> blocks = new java.util.ArrayList<>();
                Matcher fence = Pattern.compile("(?m)^```(\\w*)\\n(.*?)^```", Pattern.DOTALL).matcher(text);
                while (fence.find()) {
                    blocks.add(fence.group(1) + "\n" + fence.group(2));
                }
                return blocks;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The README's shop has no security of its own; the test class path has Spring Security. */
    @TestConfiguration(proxyBeanMethods = false)
    static class OpenSecurity {
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
        }
    }
}
