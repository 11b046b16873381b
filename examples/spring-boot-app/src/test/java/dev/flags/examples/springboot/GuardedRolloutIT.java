package dev.flags.examples.springboot;

import static dev.flags.examples.springboot.ShopHttp.as;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The README's "A rollout that stops itself": visitors of the 50% rollout of new-checkout whose new checkout fails
 * far more often than the classic one trip the flag's guard, and the shop then serves the classic checkout to
 * everyone, saying why in its health. The context is closed afterwards: the trip lasts while it lives.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class GuardedRolloutIT {

    @LocalServerPort
    int port;

    @Autowired
    FeatureFlags flags;

    @Test
    void aNewCheckoutThatFailsTripsItsGuardAndEveryoneGetsTheClassicOne() {
        ShopHttp http = new ShopHttp(port);
        assertThat(JsonPath.<Boolean>read(http.get("/", as("alice")).body(), "$.newCheckout")).isTrue();

        for (int i = 0; i < 3_000 && flags.status().trippedGuards().isEmpty(); i++) {
            String visitor = "visitor-" + i;
            boolean newCheckout = JsonPath.read(http.get("/", "X-User-Id", visitor).body(), "$.newCheckout");
            if (newCheckout && i % 4 == 0) {
                flags.track("error", FlagContext.of(visitor));  // one new checkout in four fails; no classic one
            }
        }

        assertThat(http.get("/checkout?item=lamp", as("alice")).body()).startsWith("classic checkout");
        String health = http.get("/actuator/health/flags").body();
        assertThat(JsonPath.<String>read(health, "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.details.trippedGuards.new-checkout"))
                .startsWith("error on 'on' ").contains("beyond 1.5x at 99% confidence");
        assertThat(JsonPath.<Double>read(http.get("/actuator/metrics/flags.guards.tripped").body(),
                "$.measurements[0].value")).isEqualTo(1.0);
    }
}
