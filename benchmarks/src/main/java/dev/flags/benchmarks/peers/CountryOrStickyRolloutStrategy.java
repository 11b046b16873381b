package dev.flags.benchmarks.peers;

import java.util.Map;
import org.ff4j.core.FeatureStore;
import org.ff4j.core.FlippingExecutionContext;

/**
 * On when the context's {@code country} equals the {@code country} parameter, else the
 * {@link StickyRolloutStrategy}: FF4J gives a feature one strategy and has no rule-then-rollout of its own.
 */
public class CountryOrStickyRolloutStrategy extends StickyRolloutStrategy {

    public static final String PARAM_COUNTRY = "country";

    private String country;

    @Override
    public void init(String featureName, Map<String, String> initParams) {
        super.init(featureName, initParams);
        assertRequiredParameter(PARAM_COUNTRY);
        country = initParams.get(PARAM_COUNTRY);
    }

    @Override
    public boolean evaluate(String featureName, FeatureStore store, FlippingExecutionContext context) {
        if (context != null && country.equals(context.getString(PARAM_COUNTRY, false))) {
            return true;
        }
        return super.evaluate(featureName, store, context);
    }
}
