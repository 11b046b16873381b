package dev.flags.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagSource;
import dev.flags.remote.HttpFlagSource;
import dev.flags.spring.FlagsProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties' durations default to flags-remote's own constants, stated once there. */
class RemoteSourcesTest {

    private static final URI STORE = URI.create("http://127.0.0.1:9/flags");

    @Test
    void unsetDurationsAreFlagsRemotesDefaults() {
        FlagSource source = RemoteSources.create(new FlagsProperties.Remote(STORE, null, null, false, null, Map.of()),
                null);

        assertThat(source.toString())
                .contains("pollInterval=" + HttpFlagSource.Builder.DEFAULT_POLL_INTERVAL)
                .contains("startupWait=" + HttpFlagSource.Builder.DEFAULT_STARTUP_WAIT);
    }

    @Test
    void setDurationsAreTheProperties() {
        FlagSource source = RemoteSources.create(new FlagsProperties.Remote(STORE, null, Duration.ofSeconds(7), false,
                null, Map.of()), Duration.ofSeconds(2));

        assertThat(source.toString()).contains("pollInterval=PT7S").contains("startupWait=PT2S");
    }
}
