package dev.flags.examples.springboot;

import static dev.flags.examples.springboot.ShopHttp.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jayway.jsonpath.JsonPath;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Collections;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The shop on its local flags.yaml, over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ShopApplicationIT {

    @LocalServerPort
    int port;

    ShopHttp http;

    @BeforeEach
    void client() {
        http = new ShopHttp(port);
    }

    @Test
    void listensOnTheLoopbackInterfaceOnly() throws IOException {
        InetAddress other = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElse(null);
        assumeTrue(other != null, "this machine has no interface but the loopback");

        assertThat(http.get("/").statusCode()).isEqualTo(200);
        try (Socket socket = new Socket()) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other, port), 2_000))
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void givesAliceTheNewCheckoutAndAnonymousVisitorsTheClassicOne() {
        assertThat(http.get("/checkout?item=lamp", as("alice")).body())
                .isEqualTo("new checkout: one click for lamp at 10.00 EUR");
        assertThat(http.get("/checkout?item=lamp").body())
                .isEqualTo("classic checkout: lamp at 10.00 EUR, three steps");
    }

    @Test
    void showsTheBetaPageToBetaTestersOnly() {
        assertThat(http.get("/beta", as("alice")).statusCode()).isEqualTo(200);
        assertThat(http.get("/beta", as("bob")).statusCode()).isEqualTo(404);
        assertThat(http.get("/beta", "X-User-Id", "alice").statusCode()).isEqualTo(200);
    }

    @Test
    void greetsByCountryAndChoseRegularPricingAtStartUp() {
        String dutch = http.get("/", "X-Country", "NL", "X-User-Id", "visitor-1").body();
        assertThat(JsonPath.<String>read(dutch, "$.greeting")).isEqualTo("Goedendag");
        assertThat(JsonPath.<String>read(dutch, "$.visitor")).isEqualTo("visitor-1");
        assertThat(JsonPath.<String>read(dutch, "$.pricing")).isEqualTo("regular");
        assertThat(JsonPath.<String>read(http.get("/").body(), "$.greeting")).isEqualTo("Hello");
    }

    @Test
    void letsOpsKillAFlagThroughTheActuator() {
        assertThat(http.post("/actuator/flags/beta-page", "{\"kill\": true}", as("alice")).statusCode())
                .isEqualTo(403);
        assertThat(http.post("/actuator/flags/beta-page", "{\"kill\": true}", as("ops")).statusCode())
                .isEqualTo(200);
        assertThat(http.get("/beta", as("alice")).statusCode()).isEqualTo(404);
        assertThat(http.delete("/actuator/flags/beta-page", as("ops")).statusCode()).isEqualTo(200);
        assertThat(http.get("/beta", as("alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void reportsFlagsHealthAndMetrics() {
        HttpResponse<String> health = http.get("/actuator/health/flags");
        assertThat(JsonPath.<String>read(health.body(), "$.status")).isEqualTo("UP");
        String flags = http.get("/actuator/flags").body();
        assertThat(JsonPath.<String>read(flags, "$.flags.greeting.source")).isEqualTo("classpath:flags.yaml");
        http.get("/checkout", as("alice"));
        assertThat(http.get("/actuator/metrics/flags.evaluations?tag=flag:new-checkout").statusCode())
                .isEqualTo(200);
    }
}
