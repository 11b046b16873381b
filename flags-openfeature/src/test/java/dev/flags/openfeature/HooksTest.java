package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.FlagEvaluationOptions;
import dev.openfeature.sdk.Hook;
import dev.openfeature.sdk.HookContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Value;
import dev.openfeature.sdk.exceptions.FlagNotFoundError;
import dev.openfeature.sdk.exceptions.TypeMismatchError;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hooks see the provider's details: after and finally on success, error and finally on failure. */
class HooksTest {

    private static final String DOCUMENT = """
            flags:
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                rules:
                  - name: dutch users
                    when: [ { attribute: country, op: eq, values: [NL] } ]
                    serve: red
                default: { serve: blue }
            """;

    private final Registration registration = Registration.of(FeatureFlags.builder()
            .source(FlagSources.inMemory(DOCUMENT)).build());
    private final RecordingHook hook = new RecordingHook();
    private final EvaluationContext dutch = new ImmutableContext("user-42", Map.of("country", new Value("NL")));

    @AfterEach
    void close() {
        registration.close();
    }

    private FlagEvaluationDetails<String> evaluate(String flag) {
        return registration.client.getStringDetails(flag, "none", dutch,
                FlagEvaluationOptions.builder().hook(hook).build());
    }

    @Test
    void afterAndFinallySeeTheResolvedDetails() {
        FlagEvaluationDetails<String> returned = evaluate("button-color");

        assertThat(hook.stages).containsExactly("before", "after", "finally");
        for (FlagEvaluationDetails<?> seen : List.of(hook.after, hook.finallyAfter)) {
            assertThat(seen.getFlagKey()).isEqualTo("button-color");
            assertThat(seen.getValue()).isEqualTo("#f00");
            assertThat(seen.getVariant()).isEqualTo("red");
            assertThat(seen.getReason()).isEqualTo("TARGETING_MATCH");
            assertThat(seen.getErrorCode()).isNull();
            assertThat(seen.getFlagMetadata().getString(FlagsProvider.RULE_NAME)).isEqualTo("dutch users");
        }
        assertThat(returned.getValue()).isEqualTo("#f00");
    }

    @Test
    void hooksSeeTheProviderAndTheContext() {
        evaluate("button-color");

        assertThat(hook.context.getProviderMetadata().getName()).isEqualTo(FlagsProvider.NAME);
        assertThat(hook.context.getCtx().getTargetingKey()).isEqualTo("user-42");
        assertThat(hook.context.getDefaultValue()).isEqualTo("none");
    }

    @Test
    void aMissingFlagRunsErrorAndFinallyButNotAfter() {
        FlagEvaluationDetails<String> returned = evaluate("no-such-flag");

        assertThat(hook.stages).containsExactly("before", "error", "finally");
        assertThat(hook.error).isInstanceOf(FlagNotFoundError.class);
        assertThat(hook.finallyAfter.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(hook.finallyAfter.getReason()).isEqualTo("ERROR");
        assertThat(hook.finallyAfter.getValue()).isEqualTo("none");
        assertThat(returned.getValue()).isEqualTo("none");
    }

    @Test
    void aTypeMismatchReachesTheErrorHookAsATypeMismatch() {
        registration.client.getIntegerDetails("button-color", 7, dutch,
                FlagEvaluationOptions.builder().hook(hook).build());

        assertThat(hook.stages).containsExactly("before", "error", "finally");
        assertThat(hook.error).isInstanceOf(TypeMismatchError.class);
        assertThat(hook.finallyAfter.getValue()).isEqualTo(7);
    }

    /** Records what each stage of one evaluation was given. */
    @SuppressWarnings("rawtypes")
    private static final class RecordingHook implements Hook {
        final List<String> stages = new CopyOnWriteArrayList<>();
        HookContext<?> context;
        FlagEvaluationDetails<?> after;
        FlagEvaluationDetails<?> finallyAfter;
        Exception error;

        @Override
        public Optional<EvaluationContext> before(HookContext ctx, Map hints) {
            stages.add("before");
            context = ctx;
            return Optional.empty();
        }

        @Override
        public void after(HookContext ctx, FlagEvaluationDetails details, Map hints) {
            stages.add("after");
            after = details;
        }

        @Override
        public void error(HookContext ctx, Exception error, Map hints) {
            stages.add("error");
            this.error = error;
        }

        @Override
        public void finallyAfter(HookContext ctx, FlagEvaluationDetails details, Map hints) {
            stages.add("finally");
            finallyAfter = details;
        }
    }
}
