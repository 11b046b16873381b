package dev.flags.benchmarks.peers;

import dev.flags.benchmarks.Scenarios;
import org.togglz.core.Feature;
import org.togglz.core.activation.GradualActivationStrategy;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.mem.InMemoryStateRepository;
import org.togglz.core.user.FeatureUser;
import org.togglz.core.user.SimpleFeatureUser;
import org.togglz.core.user.UserProvider;
import org.togglz.core.util.NamedFeature;

/**
 * Togglz with an {@link InMemoryStateRepository} and its {@link GradualActivationStrategy} (sticky: it hashes the
 * user name with the feature name). Togglz asks a {@link UserProvider} for the current user instead of taking it
 * as an argument. Its own {@code ThreadLocalUserProvider} must be bound and released around each use (it refuses
 * to bind twice), which a request filter does once per request; measuring one evaluation, this class sets a
 * thread-local instead, the cheapest correct way to tell Togglz who is asking. The rule is
 * {@link CountryOrGradualStrategy}. Togglz has no caller's default: a feature it does not know is inactive, so
 * {@code missingFlag} answers {@code false}.
 */
public class TogglzScenarios extends Scenarios<FeatureUser> {

    private static final Feature MISSING_FEATURE = new NamedFeature("NO_SUCH_FLAG");

    private final ThreadLocal<FeatureUser> currentUser = new ThreadLocal<>();
    private FeatureManager features;

    @Override
    public String library() {
        return "Togglz";
    }

    @Override
    protected void start() {
        InMemoryStateRepository states = new InMemoryStateRepository();
        states.setFeatureState(new FeatureState(TogglzFeatures.STATIC_ON, true));
        states.setFeatureState(new FeatureState(TogglzFeatures.ROLLOUT_50, true)
                .setStrategyId(GradualActivationStrategy.ID)
                .setParameter(GradualActivationStrategy.PARAM_PERCENTAGE, "50"));
        states.setFeatureState(new FeatureState(TogglzFeatures.NL_OR_10, true)
                .setStrategyId(CountryOrGradualStrategy.ID)
                .setParameter(CountryOrGradualStrategy.PARAM_COUNTRY, "NL")
                .setParameter(GradualActivationStrategy.PARAM_PERCENTAGE, "10"));
        features = FeatureManagerBuilder.begin()
                .featureEnum(TogglzFeatures.class)
                .stateRepository(states)
                .userProvider(currentUser::get)
                .activationStrategy(new CountryOrGradualStrategy())
                .build();
    }

    @Override
    protected void stop() {
        currentUser.remove();
    }

    @Override
    protected FeatureUser context(String id, String country) {
        return new SimpleFeatureUser(id).setAttribute("country", country);
    }

    @Override
    protected boolean staticOnFor(FeatureUser user) {
        return isActive(TogglzFeatures.STATIC_ON, user);
    }

    @Override
    protected boolean rollout50For(FeatureUser user) {
        return isActive(TogglzFeatures.ROLLOUT_50, user);
    }

    @Override
    protected boolean ruleThenRolloutFor(FeatureUser user) {
        return isActive(TogglzFeatures.NL_OR_10, user);
    }

    @Override
    protected boolean missingFlagFor(FeatureUser user) {
        return isActive(MISSING_FEATURE, user);
    }

    @Override
    protected boolean missingFlagDefault() {
        return false;
    }

    private boolean isActive(Feature feature, FeatureUser user) {
        currentUser.set(user);
        return features.isActive(feature);
    }
}
