package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import dev.flags.remote.HttpFlagSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/** The IDE metadata that spring-boot-configuration-processor generates from {@link FlagsProperties}. */
class ConfigurationMetadataTest {

    @Test
    void describesEveryDesignedPropertyWithItsDefault() throws IOException {
        String json = metadata();
        Map<String, Map<String, Object>> properties = JsonPath.<List<Map<String, Object>>>read(json, "$.properties")
                .stream().collect(Collectors.toMap(p -> (String) p.get("name"), p -> p));

        assertThat(properties).containsKeys("flags.location", "flags.remote.url", "flags.remote.token",
                "flags.remote.poll-interval", "flags.remote.streaming", "flags.remote.backup-file",
                "flags.remote.headers", "flags.startup-wait", "flags.overrides", "flags.context.header",
                "flags.context.principal", "flags.context.header-attributes", "flags.context.request-attributes",
                "flags.web.disabled-status", "flags.health.stale-status", "flags.guards.track-method-errors",
                "flags.guards.track-server-errors", "flags.remote.usage.enabled", "flags.remote.usage.interval",
                "flags.remote.usage.app", "management.endpoint.flags.access");
        assertThat(properties.get("flags.location")).containsEntry("defaultValue", "classpath:flags.yaml");
        // Unset, these are flags-remote's defaults: the IDE's metadata must say the same.
        assertThat(DurationStyle.detectAndParse((String) properties.get("flags.remote.poll-interval")
                .get("defaultValue"))).isEqualTo(HttpFlagSource.Builder.DEFAULT_POLL_INTERVAL);
        assertThat(DurationStyle.detectAndParse((String) properties.get("flags.startup-wait").get("defaultValue")))
                .isEqualTo(HttpFlagSource.Builder.DEFAULT_STARTUP_WAIT);
        assertThat(DurationStyle.detectAndParse((String) properties.get("flags.remote.usage.interval")
                .get("defaultValue"))).isEqualTo(HttpFlagSource.Builder.DEFAULT_USAGE_INTERVAL);
        assertThat(properties.get("flags.remote.usage.enabled")).containsEntry("defaultValue", false);
        assertThat((String) properties.get("flags.remote.usage.app").get("description"))
                .contains("spring.application.name");
        assertThat(properties.get("flags.context.header")).containsEntry("defaultValue", "X-User-Id");
        assertThat(properties.get("flags.web.disabled-status")).containsEntry("defaultValue", 404);
        assertThat(properties.get("flags.guards.track-method-errors")).containsEntry("defaultValue", true);
        assertThat(properties.get("flags.guards.track-server-errors")).containsEntry("defaultValue", true);
        assertThat(properties.get("management.endpoint.flags.access")).containsEntry("defaultValue", "read_only");
        properties.forEach((name, property) -> {
            if (name.startsWith("flags.")) {
                assertThat((String) property.get("description")).as(name).isNotBlank();
            }
        });
    }

    @Test
    void hintsTheStaleHealthStatuses() throws IOException {
        List<String> values = JsonPath.read(metadata(),
                "$.hints[?(@.name == 'flags.health.stale-status')].values[*].value");
        assertThat(values).contains("UP", "OUT_OF_SERVICE", "DOWN");
    }

    private static String metadata() throws IOException {
        try (InputStream in = FlagsProperties.class.getClassLoader()
                .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
