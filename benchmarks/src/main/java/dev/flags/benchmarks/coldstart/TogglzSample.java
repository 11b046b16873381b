package dev.flags.benchmarks.coldstart;

import dev.flags.benchmarks.peers.CountryOrGradualStrategy;
import java.util.Properties;
import org.togglz.core.Feature;
import org.togglz.core.activation.GradualActivationStrategy;
import org.togglz.core.manager.FeatureManager;
import org.togglz.core.manager.FeatureManagerBuilder;
import org.togglz.core.manager.PropertyFeatureProvider;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.repository.mem.InMemoryStateRepository;
import org.togglz.core.user.SimpleFeatureUser;
import org.togglz.core.util.NamedFeature;

/** Togglz, which has no document: the same N features built in code, as {@code TogglzScenarios} builds three. */
final class TogglzSample implements FirstEvaluation.Sample {

    private final int flags;
    private FeatureManager features;

    TogglzSample(int flags) {
        this.flags = flags;
    }

    @Override
    public void firstEvaluation() {
        Properties names = new Properties();
        InMemoryStateRepository states = new InMemoryStateRepository();
        for (int i = 0; i < flags; i++) {
            Feature feature = new NamedFeature("flag-" + i);
            names.setProperty(feature.name(), feature.name());
            states.setFeatureState(new FeatureState(feature, true)
                    .setStrategyId(CountryOrGradualStrategy.ID)
                    .setParameter(CountryOrGradualStrategy.PARAM_COUNTRY, "NL")
                    .setParameter(GradualActivationStrategy.PARAM_PERCENTAGE, "10"));
        }
        SimpleFeatureUser user = new SimpleFeatureUser("user-42");
        user.setAttribute("country", "DE");
        features = FeatureManagerBuilder.begin()
                .featureProvider(new PropertyFeatureProvider(names))
                .stateRepository(states)
                .userProvider(() -> user)
                .activationStrategy(new CountryOrGradualStrategy())
                .build();
        features.isActive(new NamedFeature("flag-0"));
    }

    @Override
    public void check(int expected) {
        if (features.getFeatures().size() != expected) {
            throw new IllegalStateException("Togglz holds " + features.getFeatures().size() + " features");
        }
    }

    @Override
    public void close() {
        // an in-memory manager holds nothing to release
    }
}
