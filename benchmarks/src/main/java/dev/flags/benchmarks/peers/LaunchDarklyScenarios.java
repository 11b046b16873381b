package dev.flags.benchmarks.peers;

import com.launchdarkly.sdk.LDContext;
import com.launchdarkly.sdk.server.Components;
import com.launchdarkly.sdk.server.LDClient;
import com.launchdarkly.sdk.server.LDConfig;
import com.launchdarkly.sdk.server.integrations.FileData;
import dev.flags.benchmarks.Scenarios;
import java.time.Duration;

/**
 * The LaunchDarkly Java server SDK with its file data source: full flag definitions from
 * {@code launchdarkly/flags.json} on the classpath (rules, clauses and percentage rollouts, as LaunchDarkly stores
 * them), no events, no diagnostics, no logging. Not in offline mode, which would serve every caller its default.
 * Rollouts are LaunchDarkly's own, bucketing the context key with the flag's salt: sticky by user id.
 */
public class LaunchDarklyScenarios extends Scenarios<LDContext> {

    private LDClient client;

    @Override
    public String library() {
        return "LaunchDarkly";
    }

    @Override
    protected void start() {
        LDConfig config = new LDConfig.Builder()
                .dataSource(FileData.dataSource().classpathResources("launchdarkly/flags.json"))
                .events(Components.noEvents())
                .diagnosticOptOut(true)
                .logging(Components.noLogging())
                .offline(false)
                .startWait(Duration.ofSeconds(10))
                .build();
        client = new LDClient("sdk-key-unused-offline", config);
        if (!client.isInitialized()) {
            throw new IllegalStateException("LaunchDarkly did not load launchdarkly/flags.json");
        }
    }

    @Override
    protected void stop() throws Exception {
        client.close();
    }

    @Override
    protected LDContext context(String id, String country) {
        return LDContext.builder(id).set("country", country).build();
    }

    @Override
    protected boolean staticOnFor(LDContext user) {
        return client.boolVariation(STATIC_ON, user, false);
    }

    @Override
    protected boolean rollout50For(LDContext user) {
        return client.boolVariation(ROLLOUT_50, user, false);
    }

    @Override
    protected boolean ruleThenRolloutFor(LDContext user) {
        return client.boolVariation(RULE_THEN_ROLLOUT, user, false);
    }

    @Override
    protected boolean missingFlagFor(LDContext user) {
        return client.boolVariation(MISSING, user, true);
    }
}
