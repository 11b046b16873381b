package dev.flags.benchmarks.peers;

import dev.flags.benchmarks.Scenarios;
import org.ff4j.FF4j;
import org.ff4j.core.FlippingExecutionContext;

/**
 * FF4J with its in-memory feature store, loaded from {@code ff4j/ff4j.xml} on the classpath, audit off (its
 * default). FF4J has no sticky rollout: {@link StickyRolloutStrategy} is ours, the smallest we could write, and
 * {@link CountryOrStickyRolloutStrategy} adds the rule. So FF4J's rollout numbers measure FF4J's plumbing around
 * a strategy that costs a few nanoseconds, not a rollout FF4J ships. FF4J has no caller's default either and
 * throws on an unknown feature (unless told to create it), so {@code missingFlag} asks {@code exist} first, the
 * usual guard.
 */
public class Ff4jScenarios extends Scenarios<FlippingExecutionContext> {

    private FF4j ff4j;

    @Override
    public String library() {
        return "FF4J";
    }

    @Override
    protected void start() {
        ff4j = new FF4j("ff4j/ff4j.xml");
        ff4j.audit(false);
    }

    @Override
    protected void stop() {
        ff4j.stop();
    }

    @Override
    protected FlippingExecutionContext context(String id, String country) {
        FlippingExecutionContext context = new FlippingExecutionContext();
        context.putString(StickyRolloutStrategy.USER_ID, id);
        context.putString(CountryOrStickyRolloutStrategy.PARAM_COUNTRY, country);
        return context;
    }

    @Override
    protected boolean staticOnFor(FlippingExecutionContext user) {
        return ff4j.check(STATIC_ON, user);
    }

    @Override
    protected boolean rollout50For(FlippingExecutionContext user) {
        return ff4j.check(ROLLOUT_50, user);
    }

    @Override
    protected boolean ruleThenRolloutFor(FlippingExecutionContext user) {
        return ff4j.check(RULE_THEN_ROLLOUT, user);
    }

    @Override
    protected boolean missingFlagFor(FlippingExecutionContext user) {
        return ff4j.exist(MISSING) ? ff4j.check(MISSING, user) : true;
    }
}
