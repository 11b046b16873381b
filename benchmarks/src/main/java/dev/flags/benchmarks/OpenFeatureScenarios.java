package dev.flags.benchmarks;

import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FeatureProvider;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.util.Map;

/**
 * The scenarios through the OpenFeature Java SDK, the way its users call it: a {@link Client} of the provider's
 * own domain, an {@link ImmutableContext} with the targeting key and a {@code country} attribute. A subclass
 * supplies the provider and nothing else; this measures the SDK's own work (hooks, context merging, the
 * evaluation details it builds) on top of the provider's.
 */
public abstract class OpenFeatureScenarios extends Scenarios<EvaluationContext> {

    private final String domain = getClass().getName();
    private Client client;

    /** The provider, configured to read the scenarios' flags offline. */
    protected abstract FeatureProvider provider() throws Exception;

    /** Releases what {@link #provider()} created, after the SDK has shut the provider down. */
    protected void afterShutdown() throws Exception {
    }

    @Override
    protected final void start() throws Exception {
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(domain, provider());
        client = api.getClient(domain);
    }

    @Override
    protected final void stop() throws Exception {
        // Replacing a domain's provider shuts the old one down.
        OpenFeatureAPI.getInstance().setProviderAndWait(domain, new NoOpProvider());
        afterShutdown();
    }

    @Override
    protected final EvaluationContext context(String id, String country) {
        return new ImmutableContext(id, Map.of("country", new Value(country)));
    }

    @Override
    protected final boolean staticOnFor(EvaluationContext user) {
        return client.getBooleanValue(STATIC_ON, false, user);
    }

    @Override
    protected final boolean rollout50For(EvaluationContext user) {
        return client.getBooleanValue(ROLLOUT_50, false, user);
    }

    @Override
    protected final boolean ruleThenRolloutFor(EvaluationContext user) {
        return client.getBooleanValue(RULE_THEN_ROLLOUT, false, user);
    }

    @Override
    protected final boolean missingFlagFor(EvaluationContext user) {
        return client.getBooleanValue(MISSING, true, user);
    }
}
