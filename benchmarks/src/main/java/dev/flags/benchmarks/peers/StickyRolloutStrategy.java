package dev.flags.benchmarks.peers;

import java.util.Map;
import org.ff4j.core.FeatureStore;
import org.ff4j.core.FlippingExecutionContext;
import org.ff4j.strategy.AbstractFlipStrategy;

/**
 * A sticky percentage rollout for FF4J, which has none of its own (its {@code PonderationStrategy} draws a random
 * number on every check). The smallest one that is fair: the user id's and feature name's {@code hashCode}s,
 * mixed (murmur3's finalizer, so consecutive ids spread and features bucket independently), modulo 100, below
 * the {@code percent} parameter. It allocates nothing. Usage in {@code ff4j.xml}:
 *
 * <pre>{@code
 * <flipstrategy class="dev.flags.benchmarks.peers.StickyRolloutStrategy">
 *   <param name="percent" value="50"/>
 * </flipstrategy>
 * }</pre>
 */
public class StickyRolloutStrategy extends AbstractFlipStrategy {

    public static final String PARAM_PERCENT = "percent";
    /** The context key holding the user id. */
    public static final String USER_ID = "userId";

    private int percent;

    @Override
    public void init(String featureName, Map<String, String> initParams) {
        super.init(featureName, initParams);
        assertRequiredParameter(PARAM_PERCENT);
        percent = Integer.parseInt(initParams.get(PARAM_PERCENT));
    }

    @Override
    public boolean evaluate(String featureName, FeatureStore store, FlippingExecutionContext context) {
        String userId = context == null ? null : context.getString(USER_ID, false);
        return userId != null && bucket(featureName, userId) < percent;
    }

    /** The user's bucket for this feature, in {@code [0, 100)}. */
    static int bucket(String featureName, String userId) {
        int h = featureName.hashCode() * 31 + userId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, 100);
    }
}
