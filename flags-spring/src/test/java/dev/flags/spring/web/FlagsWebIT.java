package dev.flags.spring.web;

import static dev.flags.spring.web.TestHttp.basic;
import static dev.flags.spring.web.TestHttp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flags.FeatureFlags;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The annotations, the resolver, the read-only endpoint, health and metrics, over real HTTP. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FlagsWebIT {

    @LocalServerPort
    int port;

    TestHttp http;

    @Autowired
    FeatureFlags flags;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void servesAMethodWhoseFlagIsOn() {
        HttpResponse<String> response = http.get("/checkout");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("new checkout");
    }

    @Test
    void answers404ForAMethodWhoseFlagIsOff() {
        HttpResponse<String> response = http.get("/beta", "Accept", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<Integer>read(response.body(), "$.status")).isEqualTo(404);
        assertThat(response.body()).doesNotContain("beta-page");
    }

    @Test
    void answers404ForEveryMethodOfAControllerWhoseFlagIsOff() {
        assertThat(http.get("/labs/experiment").statusCode()).isEqualTo(404);
    }

    @Test
    void servesTheFallbackWhileTheFlagIsOff() {
        HttpResponse<String> response = http.get("/pricing?item=pen");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("classic pricing of pen");
    }

    @Test
    void evaluatesForTheUserOfTheHeader() {
        assertThat(http.get("/alice", "X-User-Id", "alice").body()).isEqualTo("hello alice");
        assertThat(http.get("/alice", "X-User-Id", "bob").statusCode()).isEqualTo(404);
        assertThat(http.get("/alice").statusCode()).isEqualTo(404);
    }

    @Test
    void prefersTheLoggedInPrincipalToTheHeader() {
        assertThat(http.get("/whoami", concat(basic("alice", "alice-pw"), "X-User-Id", "bob")).body())
                .isEqualTo("alice");
        assertThat(http.get("/alice", concat(basic("alice", "alice-pw"), "X-User-Id", "bob")).body())
                .isEqualTo("hello alice");
        assertThat(http.get("/whoami", "X-User-Id", "bob").body()).isEqualTo("bob");
        assertThat(http.get("/whoami").body()).isEqualTo("null");
    }

    @Test
    void readsConfiguredHeaderAttributes() {
        assertThat(http.get("/dutch", "X-Country", "NL").body()).isEqualTo("dutch");
        assertThat(http.get("/dutch", "X-Country", "BE").body()).isEqualTo("not dutch");
    }

    @Test
    void guardsABeanThatCachingAlreadyProxies() {
        String cached = http.get("/price").body();
        assertThat(http.get("/price").body()).as("the cache answers the second call").isEqualTo(cached);

        flags.overrides().kill("new-checkout");
        try {
            // The flag check runs before the cache: a cached answer is not served past a killed flag.
            assertThat(http.get("/price").statusCode()).isEqualTo(404);
        } finally {
            flags.overrides().clear("new-checkout");
        }
        assertThat(http.get("/price").body()).isEqualTo(cached);
    }

    @Test
    void listsFlagsWithStateRevisionAndSources() {
        HttpResponse<String> response = http.get("/actuator/flags");
        assertThat(response.statusCode()).isEqualTo(200);
        String json = response.body();
        assertThat(JsonPath.<String>read(json, "$.status.state")).isEqualTo("READY");
        assertThat(JsonPath.<Integer>read(json, "$.status.revision")).isEqualTo(7);
        assertThat(JsonPath.<List<String>>read(json, "$.status.sources[*].name")).containsExactly("classpath:flags.yaml");
        assertThat(JsonPath.<Map<String, Object>>read(json, "$.flags")).containsKeys("new-checkout", "beta-page",
                "alice-only", "dutch-only", "greeting");
        assertThat(JsonPath.<String>read(json, "$.flags.new-checkout.source")).isEqualTo("classpath:flags.yaml");
    }

    @Test
    void showsOneFlagEvaluatedForAGivenContext() {
        String json = http.get("/actuator/flags/dutch-only?targetingKey=user-1&attributes=country:NL").body();
        assertThat(JsonPath.<String>read(json, "$.evaluation.variant")).isEqualTo("on");
        assertThat(JsonPath.<String>read(json, "$.evaluation.reason")).isEqualTo("TARGETING_MATCH");
        assertThat(JsonPath.<String>read(json, "$.evaluation.rule")).isEqualTo("#0 'dutch users'");
        assertThat(JsonPath.<String>read(json, "$.evaluation.targetingKey")).isEqualTo("user-1");

        String anonymous = http.get("/actuator/flags/dutch-only").body();
        assertThat(JsonPath.<String>read(anonymous, "$.evaluation.variant")).isEqualTo("off");

        String several = http.get("/actuator/flags/greeting?attributes=country:NL,plan:pro").body();
        assertThat(JsonPath.<String>read(several, "$.evaluation.value")).isEqualTo("Hi");
        assertThat(JsonPath.<String>read(several, "$.evaluation.attributes.plan")).isEqualTo("pro");
    }

    @Test
    void answers404ForAnUnknownFlag() {
        assertThat(http.get("/actuator/flags/no-such-flag").statusCode()).isEqualTo(404);
    }

    @Test
    void refusesWritesUnlessEnabled() {
        HttpResponse<String> response = http.post("/actuator/flags/new-checkout", "{\"variant\": \"off\"}",
                basic("ops", "ops-pw"));
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(http.delete("/actuator/flags/new-checkout", basic("ops", "ops-pw")).statusCode()).isEqualTo(405);
        assertThat(http.get("/checkout").statusCode()).isEqualTo(200);
    }

    @Test
    void reportsHealthUpWhenFresh() {
        HttpResponse<String> response = http.get("/actuator/health/flags");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(response.body(), "$.details.state")).isEqualTo("READY");
        assertThat(JsonPath.<Integer>read(response.body(), "$.details.revision")).isEqualTo(7);
    }

    @Test
    void countsEvaluationsInMicrometer() {
        http.get("/checkout");
        http.get("/checkout");
        String json = http.get("/actuator/metrics/flags.evaluations?tag=flag:new-checkout&tag=variant:on").body();
        assertThat(JsonPath.<Double>read(json, "$.measurements[0].value")).isGreaterThanOrEqualTo(2.0);
        String state = http.get("/actuator/metrics/flags.state?tag=state:READY").body();
        assertThat(JsonPath.<Double>read(state, "$.measurements[0].value")).isEqualTo(1.0);
        assertThat(http.get("/actuator/metrics/flags.staleness").statusCode()).isEqualTo(200);
    }
}
