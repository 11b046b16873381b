package dev.flags.examples.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The OpenFeature example serves the quickstart's flags through the OpenFeature API. */
class OpenFeatureExampleTest {

    @Test
    void theReportShowsWhatEachUserGetsAndWhy() {
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        String domain = "openfeature-example-test";
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.classpath("quickstart/flags.yaml")).build()) {
            api.setProviderAndWait(domain, new FlagsProvider(flags));
            Client client = api.getClient(domain);

            String report = OpenFeatureExample.report(client);

            assertThat(report.lines()).hasSize(1 + OpenFeatureExample.USERS.size());
            assertThat(report.lines().filter(line -> line.startsWith("alice")).findFirst().orElseThrow())
                    .contains("true (on, TARGETING_MATCH)")
                    .contains("false (off, DISABLED)");
            assertThat(report.lines().filter(line -> line.startsWith("bob")).findFirst().orElseThrow())
                    .contains("#8250df (purple, TARGETING_MATCH)");
            api.setProviderAndWait(domain, new NoOpProvider());
        }
    }

    @Test
    void theProgramReportsAndFollowsAChange() throws InterruptedException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();

        OpenFeatureExample.run(new PrintStream(output, true, StandardCharsets.UTF_8));

        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("PROVIDER_CONFIGURATION_CHANGED [dark-mode]")
                .contains("dark-mode for dave now: true (on, OVERRIDE)");
    }
}
