package dev.flags.spring;

import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.spring.internal.FlagsClients;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The condition behind {@link ConditionalOnFlag}: evaluates the flag once, for an anonymous context, through the
 * client the {@code flags.*} properties describe (customizers are beans, which do not exist yet).
 */
final class OnFlagCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnFlag.class.getName());
        if (attributes == null) {
            return ConditionOutcome.noMatch("no @ConditionalOnFlag");
        }
        String key = (String) attributes.get("value");
        boolean wanted = (Boolean) attributes.get("enabled");
        FlagsProperties properties = Binder.get(context.getEnvironment()).bindOrCreate("flags", FlagsProperties.class);
        FeatureFlags flags = FlagsClients.shared(context.getBeanFactory(), properties);
        Evaluation<Boolean> evaluation = flags.evaluateBoolean(key, FlagContext.anonymous(), false);
        boolean on = evaluation.value();
        ConditionMessage message = ConditionMessage.forCondition(ConditionalOnFlag.class, "(" + key + ")")
                .because(evaluation.toString());
        return on == wanted ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
