package dev.flags.benchmarks;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.openfeature.FlagsProvider;
import dev.openfeature.sdk.FeatureProvider;

/**
 * This library behind the OpenFeature SDK: {@link FlagsProvider} over the same client and document as
 * {@link FlagsScenarios}, called the way OpenFeature users call it. Beside {@link FlagsScenarios} it shows
 * what the SDK and the provider add; beside the flagd provider, the engine under the same API.
 */
public class FlagsProviderScenarios extends OpenFeatureScenarios {

    private FeatureFlags flags;

    @Override
    public String library() {
        return "flags via OpenFeature";
    }

    @Override
    protected FeatureProvider provider() {
        flags = FeatureFlags.builder().source(FlagSources.classpath(FlagsScenarios.DOCUMENT)).build();
        return new FlagsProvider(flags);
    }

    @Override
    protected void afterShutdown() {
        // The provider does not own the client.
        flags.close();
    }
}
