package dev.flags.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a fixture: a test class that the tests beside it run through {@link Jupiter#run}, and that is skipped when
 * a build or an IDE selects it directly (some of its tests fail on purpose).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Fixture.OnlyThroughJupiterRun.class)
@interface Fixture {

    /** The configuration parameter {@link Jupiter#run} sets. */
    String PARAMETER = "dev.flags.test.fixtures";

    /** Enables a fixture only when {@link Jupiter#run} runs it. */
    final class OnlyThroughJupiterRun implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by the tests beside it")
                    : ConditionEvaluationResult.disabled("a fixture, run only by the tests beside it");
        }
    }
}
