package dev.flags.spring.web;

import static dev.flags.spring.web.TestHttp.basic;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flags.FeatureFlags;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Override writes through the actuator, once enabled, behind the application's security; a custom status. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoint.flags.access=unrestricted", "flags.web.disabled-status=410"})
@ExtendWith(OutputCaptureExtension.class)
class WritableEndpointIT {

    @LocalServerPort
    int port;

    @Autowired
    FeatureFlags flags;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @AfterEach
    void clearOverrides() {
        flags.overrides().clearAll();
    }

    @Test
    void setsAndClearsAnOverride() {
        HttpResponse<String> set = http.post("/actuator/flags/new-checkout", "{\"variant\": \"off\"}",
                basic("ops", "ops-pw"));
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(set.body(), "$.override")).isEqualTo("off");
        assertThat(JsonPath.<String>read(set.body(), "$.evaluation.reason")).isEqualTo("OVERRIDE");
        assertThat(http.get("/checkout").statusCode()).isEqualTo(410);
        assertThat(JsonPath.<String>read(http.get("/actuator/flags").body(), "$.flags.new-checkout.override"))
                .isEqualTo("off");

        assertThat(http.delete("/actuator/flags/new-checkout", basic("ops", "ops-pw")).statusCode()).isEqualTo(200);
        assertThat(http.get("/checkout").statusCode()).isEqualTo(200);
    }

    @Test
    void killsAFlag() {
        assertThat(http.post("/actuator/flags/new-checkout", "{\"kill\": true}", basic("ops", "ops-pw"))
                .statusCode()).isEqualTo(200);
        assertThat(http.get("/checkout").statusCode()).isEqualTo(410);
        assertThat(http.delete("/actuator/flags", basic("ops", "ops-pw")).statusCode()).isEqualTo(200);
        assertThat(http.get("/checkout").statusCode()).isEqualTo(200);
    }

    @Test
    void rejectsAVariantTheFlagDoesNotHaveSayingWhy(CapturedOutput output) {
        HttpResponse<String> response = http.post("/actuator/flags/greeting", "{\"variant\": \"shouting\"}",
                basic("ops", "ops-pw"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(response.body(), "$.error"))
                .isEqualTo("flag 'greeting' has no variant 'shouting'; it has [formal, casual]");
        assertThat(output).contains("Flag override of 'greeting' refused (asked by 'ops'): flag 'greeting' has no"
                + " variant 'shouting'");
    }

    @Test
    void aKillOfAFlagNothingDefinesIsNotFound(CapturedOutput output) {
        HttpResponse<String> response = http.post("/actuator/flags/new-chekout", "{\"kill\": true}",
                basic("ops", "ops-pw"));
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JsonPath.<String>read(response.body(), "$.error"))
                .startsWith("no source or store defines flag 'new-chekout' and it has no override");
        assertThat(flags.overrides().asMap()).isEmpty();
        assertThat(output).contains("Flag override of 'new-chekout' refused");
    }

    @Test
    void aKillThatIsFalseIsRefusedSayingHowToLiftOne() {
        HttpResponse<String> response = http.post("/actuator/flags/new-checkout", "{\"kill\": false}",
                basic("ops", "ops-pw"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JsonPath.<String>read(response.body(), "$.error"))
                .contains("changes nothing").contains("DELETE /actuator/flags/new-checkout");
    }

    @Test
    void onlyTheBooleanTrueKills() {
        for (String kill : new String[] {"\"yes\"", "1", "\"TRUE\""}) {
            HttpResponse<String> response = http.post("/actuator/flags/new-checkout", "{\"kill\": " + kill + "}",
                    basic("ops", "ops-pw"));
            assertThat(response.statusCode()).as(kill).isEqualTo(400);
            assertThat(JsonPath.<String>read(response.body(), "$.error"))
                    .startsWith("'kill' must be the boolean true, not '");
        }
        assertThat(flags.overrides().asMap()).isEmpty();
        assertThat(http.get("/checkout").statusCode()).isEqualTo(200);
    }

    @Test
    void writesGoThroughTheApplicationsSecurity() {
        assertThat(http.post("/actuator/flags/new-checkout", "{\"variant\": \"off\"}").statusCode())
                .isEqualTo(401);
        assertThat(http.post("/actuator/flags/new-checkout", "{\"variant\": \"off\"}", basic("alice", "alice-pw"))
                .statusCode()).isEqualTo(403);
        assertThat(http.get("/checkout").statusCode()).isEqualTo(200);
    }

    @Test
    void answersTheConfiguredStatusForADisabledFlag() {
        assertThat(http.get("/beta").statusCode()).isEqualTo(410);
    }
}
