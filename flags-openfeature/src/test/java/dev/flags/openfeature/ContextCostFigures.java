package dev.flags.openfeature;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.openfeature.internal.EvaluationContexts;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures what one evaluation costs through OpenFeature with a context of many attributes (an application that
 * copies request headers into the context), and the part of it that maps the context for the engine. Not a test:
 * {@code java -cp ... dev.flags.openfeature.ContextCostFigures}. Prints the median of 9 rounds per size, and the same
 * attributes given to flags-core's {@code FlagContext} builder directly.
 */
public final class ContextCostFigures {

    private ContextCostFigures() {
    }

    public static void main(String[] args) throws Exception {
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("flags: { on-flag: { enabled: true } }")).build()) {
            OpenFeatureAPI api = OpenFeatureAPI.getInstance();
            api.setProviderAndWait(new FlagsProvider(flags));
            Client client = api.getClient();
            for (int size : new int[] {1_000, 10_000, 30_000}) {
                Map<String, Value> attributes = new HashMap<>();
                for (int i = 0; i < size; i++) {
                    attributes.put("header-" + i, new Value("value-" + i));
                }
                ImmutableContext context = new ImmutableContext("user-1", attributes);
                for (int i = 0; i < 3; i++) {
                    client.getBooleanValue("on-flag", false, context);
                    EvaluationContexts.toFlagContext(context);
                }
                System.out.printf("%,7d attributes: evaluation through OpenFeature %9.2f ms, mapping alone %9.2f ms,"
                        + " flags-core's FlagContext builder alone %9.2f ms%n", size,
                        median(() -> client.getBooleanValue("on-flag", false, context)),
                        median(() -> EvaluationContexts.toFlagContext(context)),
                        median(() -> {
                            FlagContext.Builder builder = FlagContext.builder("user-1");
                            attributes.forEach((name, value) -> builder.set(name, value.asString()));
                            builder.build();
                        }));
            }
            api.shutdown();
        }
    }

    private static double median(Runnable evaluation) {
        double[] rounds = new double[9];
        for (int i = 0; i < rounds.length; i++) {
            long start = System.nanoTime();
            evaluation.run();
            rounds[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(rounds);
        return rounds[rounds.length / 2];
    }
}
