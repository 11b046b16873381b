package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing a real flag file reaches OpenFeature as a configuration change; deleting it as staleness. */
class FileChangeEventsTest {

    private static final String DOCUMENT = """
            revision: 1
            flags:
              new-checkout: { enabled: false }
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                default: { serve: red }
            """;
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final ImmutableContext USER = new ImmutableContext("user-42");

    @TempDir
    Path dir;

    private Registration registration;

    @AfterEach
    void close() {
        registration.close();
    }

    private Path start() throws IOException {
        Path file = dir.resolve("flags.yaml");
        Files.writeString(file, DOCUMENT);
        registration = Registration.of(FeatureFlags.builder()
                .source(FlagSources.file(file, Duration.ofMillis(100))).build());
        return file;
    }

    private void replace(Path file, String content) throws IOException {
        Path temporary = dir.resolve("flags.yaml.tmp");
        Files.writeString(temporary, content);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void anEditedFileIsAConfigurationChangeNamingTheEditedFlags() throws IOException {
        Path file = start();
        List<EventDetails> changes = registration.record(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);
        assertThat(registration.client.getBooleanValue("new-checkout", true, USER)).isFalse();

        replace(file, DOCUMENT.replace("revision: 1", "revision: 2").replace("enabled: false", "enabled: true"));

        await().atMost(WAIT).until(() -> !changes.isEmpty());
        assertThat(changes.get(0).getFlagsChanged()).containsExactly("new-checkout");
        assertThat(changes.get(0).getEventMetadata().getLong("revision")).isEqualTo(2L);
        assertThat(registration.client.getBooleanValue("new-checkout", false, USER)).isTrue();
        assertThat(registration.client.getStringValue("button-color", "none", USER)).isEqualTo("#f00");
    }

    @Test
    void anInvalidEditMakesTheProviderStaleAndKeepsTheLastGoodFlags() throws IOException {
        Path file = start();
        List<EventDetails> stale = registration.record(ProviderEvent.PROVIDER_STALE);

        replace(file, DOCUMENT.replace("enabled: false", "enabled: maybe"));

        await().atMost(WAIT).until(() -> !stale.isEmpty());
        assertThat(stale.get(0).getMessage()).contains("new-checkout");
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.STALE);
        assertThat(registration.client.getBooleanValue("new-checkout", true, USER)).isFalse();
    }
}
