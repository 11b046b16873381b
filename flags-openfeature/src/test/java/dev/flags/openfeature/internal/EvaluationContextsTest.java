package dev.flags.openfeature.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FlagContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Edge cases of the context translation that an OpenFeature client cannot easily show. */
class EvaluationContextsTest {

    @Test
    void noContextIsAnonymous() {
        assertThat(EvaluationContexts.toFlagContext(null)).isEqualTo(FlagContext.anonymous());
    }

    @Test
    void attributesKeepTheirTypes() {
        FlagContext context = EvaluationContexts.toFlagContext(new ImmutableContext("user-1", Map.of(
                "country", new Value("NL"), "age", new Value(31), "score", new Value(0.5), "beta", new Value(true),
                "groups", new Value(List.of(new Value("a"), new Value(2))))));

        assertThat(context.key()).isEqualTo("user-1");
        assertThat(context.attributes()).containsOnly(
                Map.entry("country", "NL"), Map.entry("age", 31L), Map.entry("score", 0.5), Map.entry("beta", true),
                Map.entry("groups", List.of("a", 2)));
    }

    @Test
    void theKeyNamesAreLeftOut() {
        FlagContext context = EvaluationContexts.toFlagContext(new ImmutableContext("user-1",
                Map.of("key", new Value("other"), "plan", new Value("pro"))));

        assertThat(context.attributes()).containsOnlyKeys("plan");
    }

    @Test
    void nestingEndsAtTheDepthLimit() {
        MutableStructure loop = new MutableStructure().add("leaf", "x");
        loop.add("next", loop);

        FlagContext context = EvaluationContexts.toFlagContext(new MutableContext("user-1").add("loop", loop));

        assertThat(context.attributes()).containsKey("loop.leaf")
                .containsKey("loop" + ".next".repeat(EvaluationContexts.MAX_DEPTH - 2) + ".leaf")
                .hasSize(EvaluationContexts.MAX_DEPTH - 1);
    }
}
