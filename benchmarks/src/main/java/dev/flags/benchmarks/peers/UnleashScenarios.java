package dev.flags.benchmarks.peers;

import dev.flags.benchmarks.Resources;
import dev.flags.benchmarks.Scenarios;
import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.UnleashContext;
import io.getunleash.util.UnleashConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Unleash Java SDK, offline: its toggles come from {@code unleash/features.json} (the client features API's
 * format) through a bootstrap provider, with polling and metrics off, so it never calls a server. Rollouts are
 * Unleash's {@code flexibleRollout} strategy with {@code stickiness: userId}; the rule is a constraint on the
 * first of two strategies (Unleash enables a toggle when any strategy does).
 */
public class UnleashScenarios extends Scenarios<UnleashContext> {

    private Path directory;
    private Unleash unleash;

    @Override
    public String library() {
        return "Unleash";
    }

    @Override
    protected void start() throws Exception {
        String features = Resources.text("unleash/features.json");
        // The SDK reads a backup file before the bootstrap: point it at one that does not exist.
        directory = Files.createTempDirectory("benchmarks-unleash");
        UnleashConfig config = UnleashConfig.builder()
                .appName("benchmarks")
                .instanceId("benchmarks")
                .unleashAPI("http://localhost:4242/api/")   // never called: polling is off
                .disablePolling()
                .disableMetrics()
                .backupFile(directory.resolve("backup.json").toString())
                .toggleBootstrapProvider(() -> Optional.of(features))
                .build();
        unleash = new DefaultUnleash(config);
    }

    @Override
    protected void stop() throws Exception {
        unleash.shutdown();
        Files.deleteIfExists(directory.resolve("backup.json"));
        Files.deleteIfExists(directory);
    }

    @Override
    protected UnleashContext context(String id, String country) {
        return UnleashContext.builder().userId(id).addProperty("country", country).build();
    }

    @Override
    protected boolean staticOnFor(UnleashContext user) {
        return unleash.isEnabled(STATIC_ON, user);
    }

    @Override
    protected boolean rollout50For(UnleashContext user) {
        return unleash.isEnabled(ROLLOUT_50, user);
    }

    @Override
    protected boolean ruleThenRolloutFor(UnleashContext user) {
        return unleash.isEnabled(RULE_THEN_ROLLOUT, user);
    }

    @Override
    protected boolean missingFlagFor(UnleashContext user) {
        return unleash.isEnabled(MISSING, user, true);
    }
}
