package dev.flags.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.FlagSource;
import dev.flags.remote.HttpFlagSource;
import dev.flags.spring.FlagsProperties;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The properties' durations default to flags-remote's own constants, stated once there; usage reporting follows
 * {@code flags.remote.usage.*}.
 */
class RemoteSourcesTest {

    private static final URI STORE = URI.create("http://127.0.0.1:9/flags");
    private static final URI SERVER = URI.create("http://127.0.0.1:9/v1/envs/production/document");
    private static final FlagsProperties.Usage OFF = new FlagsProperties.Usage(false, null, null);

    @Test
    void unsetDurationsAreFlagsRemotesDefaults() {
        FlagSource source = RemoteSources.create(remote(STORE, null, OFF), null, null);

        assertThat(source.toString())
                .contains("pollInterval=" + HttpFlagSource.Builder.DEFAULT_POLL_INTERVAL)
                .contains("startupWait=" + HttpFlagSource.Builder.DEFAULT_STARTUP_WAIT);
    }

    @Test
    void setDurationsAreTheProperties() {
        FlagSource source = RemoteSources.create(remote(STORE, Duration.ofSeconds(7), OFF),
                Duration.ofSeconds(2), null);

        assertThat(source.toString()).contains("pollInterval=PT7S").contains("startupWait=PT2S");
    }

    @Test
    void usageReportingIsOffUnlessEnabled() {
        assertThat(RemoteSources.create(remote(SERVER, null, OFF), null, "checkout").toString())
                .contains("usageReporting=off").doesNotContain("app=");
    }

    @Test
    void anEnabledReportHasFlagsRemotesIntervalAndTheApplicationsNameUnlessTold() {
        FlagsProperties.Usage enabled = new FlagsProperties.Usage(true, null, null);
        assertThat(RemoteSources.create(remote(SERVER, null, enabled), null, "checkout").toString())
                .contains("usageReporting=every " + HttpFlagSource.Builder.DEFAULT_USAGE_INTERVAL)
                .contains("app=checkout");
        assertThat(RemoteSources.create(remote(SERVER, null, enabled), null, null).toString())
                .doesNotContain("app=");

        FlagsProperties.Usage told = new FlagsProperties.Usage(true, Duration.ofSeconds(30), "payments");
        assertThat(RemoteSources.create(remote(SERVER, null, told), null, "checkout").toString())
                .contains("usageReporting=every PT30S").contains("app=payments");
    }

    @Test
    void reportingToAStoreThatIsNoFlagServerFailsNamingTheProperty() {
        assertThatThrownBy(() -> RemoteSources.create(remote(STORE, null, new FlagsProperties.Usage(true, null, null)),
                null, null)).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("flags.remote: ")
                .hasMessageContaining("/v1/envs/{env}/document");
    }

    private static FlagsProperties.Remote remote(URI url, Duration pollInterval, FlagsProperties.Usage usage) {
        return new FlagsProperties.Remote(url, null, pollInterval, false, null, Map.of(), usage);
    }
}
