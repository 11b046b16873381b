package dev.flags.benchmarks.coldstart;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** LaunchDarkly's server SDK on its file data source, set up as {@code LaunchDarklyScenarios} is. */
final class LaunchDarklySample implements FirstEvaluation.Sample {

    private final Path document;
    private LDClient client;

    LaunchDarklySample(Path document) {
        this.document = document;
    }

    @Override
    public void firstEvaluation() {
        LDConfig config = new LDConfig.Builder()
                .dataSource(FileData.dataSource().filePaths(document))
                .events(Components.noEvents())
                .diagnosticOptOut(true)
                .logging(Components.noLogging())
                .startWait(Duration.ofSeconds(30))
                .build();
        client = new LDClient("sdk-key-unused-offline", config);
        client.boolVariation("flag-0", LDContext.builder("user-42").set("country", "DE").build(), false);
    }

    @Override
    public void check(int flags) {
        if (!client.isInitialized() || client.allFlagsState(LDContext.create("user-42")).toValuesMap().size() != flags) {
            throw new IllegalStateException("LaunchDarkly did not load " + document);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
