package dev.flags.benchmarks;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;

/** This library: the scenarios' flags from {@code flags/scenarios.yaml} on the classpath. */
public class FlagsScenarios extends Scenarios<FlagContext> {

    /** The scenarios' flags in our format. */
    public static final String DOCUMENT = "flags/scenarios.yaml";

    /** The client measured; {@link #start()} builds it. */
    protected FeatureFlags flags;

    @Override
    public String library() {
        return "flags";
    }

    @Override
    protected void start() {
        flags = FeatureFlags.builder().source(FlagSources.classpath(DOCUMENT)).build();
        if (flags.status().state() != FlagsStatus.State.READY) {
            throw new IllegalStateException("flags did not load " + DOCUMENT + ": " + flags.status());
        }
    }

    @Override
    protected void stop() {
        flags.close();
    }

    @Override
    protected FlagContext context(String id, String country) {
        return FlagContext.builder(id).set("country", country).build();
    }

    @Override
    protected boolean staticOnFor(FlagContext user) {
        return flags.isEnabled(STATIC_ON, user);
    }

    @Override
    protected boolean rollout50For(FlagContext user) {
        return flags.isEnabled(ROLLOUT_50, user);
    }

    @Override
    protected boolean ruleThenRolloutFor(FlagContext user) {
        return flags.isEnabled(RULE_THEN_ROLLOUT, user);
    }

    @Override
    protected boolean missingFlagFor(FlagContext user) {
        return flags.getBoolean(MISSING, user, true);
    }
}
