package dev.flags.benchmarks.peers;

import org.togglz.core.activation.GradualActivationStrategy;
import org.togglz.core.activation.Parameter;
import org.togglz.core.activation.ParameterBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.user.FeatureUser;

/**
 * Togglz's {@link GradualActivationStrategy} behind one rule: on when the user's {@code country} attribute equals
 * the {@code country} parameter, else the gradual rollout (sticky by user name). Togglz gives a feature one
 * strategy and has no rule-then-rollout of its own, so this is the least code that adds the rule.
 */
public class CountryOrGradualStrategy extends GradualActivationStrategy {

    public static final String ID = "country-or-gradual";
    public static final String PARAM_COUNTRY = "country";

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getName() {
        return "Country, else gradual rollout";
    }

    @Override
    public boolean isActive(FeatureState state, FeatureUser user) {
        if (user != null && state.getParameter(PARAM_COUNTRY).equals(user.getAttribute(PARAM_COUNTRY))) {
            return true;
        }
        return super.isActive(state, user);
    }

    @Override
    public Parameter[] getParameters() {
        Parameter[] gradual = super.getParameters();
        Parameter[] all = new Parameter[gradual.length + 1];
        System.arraycopy(gradual, 0, all, 0, gradual.length);
        all[gradual.length] = ParameterBuilder.create(PARAM_COUNTRY).label("Country");
        return all;
    }
}
