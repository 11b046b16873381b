package dev.flags.benchmarks.peers;

import dev.flags.benchmarks.OpenFeatureScenarios;
import dev.flags.benchmarks.Resources;
import dev.openfeature.contrib.providers.flagd.Config;
import dev.openfeature.contrib.providers.flagd.FlagdOptions;
import dev.openfeature.contrib.providers.flagd.FlagdProvider;
import dev.openfeature.sdk.FeatureProvider;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The OpenFeature SDK with the flagd provider in-process, reading {@code flagd/flags.json} from a local file
 * (the {@code FILE} resolver: no flagd daemon, no network). Rollouts are flagd's {@code fractional} operator,
 * which buckets the flag key and targeting key with murmur3: sticky by user id.
 */
public class FlagdScenarios extends OpenFeatureScenarios {

    private Path file;

    @Override
    public String library() {
        return "OpenFeature + flagd (in-process)";
    }

    @Override
    protected FeatureProvider provider() throws Exception {
        file = Resources.copyToTempFile("flagd/flags.json");
        return new FlagdProvider(FlagdOptions.builder()
                .resolverType(Config.Resolver.FILE)
                .offlineFlagSourcePath(file.toString())
                .deadline(10_000)   // a cold JVM loads the JSON logic and schema classes first
                .build());
    }

    @Override
    protected void afterShutdown() throws Exception {
        Files.deleteIfExists(file);
    }
}
