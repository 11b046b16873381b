package dev.flags.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An operator who shows every value in env and configprops still never sees the store's token or headers. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoints.web.exposure.include=env,configprops",
                "management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
                "flags.remote.token=token-s3cret", "flags.remote.headers.X-Api-Key=header-s3cret",
                "flags.remote.headers[X-Other]=other-s3cret"})
class SecretsMaskedIT {

    @LocalServerPort
    int port;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void theEnvEndpointMasksTheTokenAndHeaders() {
        String body = http.get("/actuator/env").body();

        assertThat(body).doesNotContain("s3cret");
        assertThat(JsonPath.<List<String>>read(body,
                "$.propertySources[*].properties['flags.remote.token'].value")).containsExactly("******");
        assertThat(JsonPath.<List<String>>read(body,
                "$.propertySources[*].properties['flags.remote.headers.X-Api-Key'].value")).containsExactly("******");
        assertThat(JsonPath.<List<String>>read(body,
                "$.propertySources[*].properties['flags.context.header-attributes.country'].value"))
                .as("other values are shown").containsExactly("X-Country");
    }

    @Test
    void theConfigpropsEndpointMasksTheTokenAndHeaders() {
        String body = http.get("/actuator/configprops/flags").body();

        assertThat(body).doesNotContain("s3cret").contains("******");
        assertThat(body).as("other values are shown").contains("X-Country");
    }
}
