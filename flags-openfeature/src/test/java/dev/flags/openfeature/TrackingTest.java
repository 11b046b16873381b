package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableTrackingEventDetails;
import dev.openfeature.sdk.Value;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * OpenFeature's {@code Client.track} reaches the engine's release guards: events are counted against the variant
 * the same (mapped) context is served, and a variant clearly worse than the others is killed.
 */
class TrackingTest {

    private static final String DOCUMENT = """
            flags:
              new-checkout:
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 100 }
              dutch-checkout:
                rules:
                  - name: dutch users
                    when: [ { attribute: country, op: eq, values: [NL] } ]
                    rollout: { on: 50, off: 50 }
                default: { serve: off }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 100 }
            """;

    private final Registration registration = Registration.of(FeatureFlags.builder()
            .source(FlagSources.inMemory(DOCUMENT)).build());
    private final Client client = registration.client;

    @AfterEach
    void close() {
        registration.close();
    }

    @Test
    void errorsTrackedThroughTheClientTripTheGuardOfAWorseVariant() {
        List<EvaluationContext> users = users(i -> new ImmutableContext("user-" + i));

        serve("new-checkout", users, every -> every % 5 == 0, every -> every % 50 == 0);

        FlagEvaluationDetails<Boolean> killed = client.getBooleanDetails("new-checkout", true, users.get(0));
        assertThat(killed.getValue()).isFalse();
        assertThat(killed.getReason()).isEqualTo("DISABLED");
        assertThat(killed.getFlagMetadata().getString(FlagsProvider.RULE_NAME))
                .startsWith("guard: error on 'on' ");
        assertThat(registration.flags.status().trippedGuards()).singleElement()
                .satisfies(trip -> assertThat(trip.flag()).isEqualTo("new-checkout"));
    }

    @Test
    void equalErrorRatesLeaveTheVariantServed() {
        List<EvaluationContext> users = users(i -> new ImmutableContext("user-" + i));

        serve("new-checkout", users, every -> every % 5 == 0, every -> every % 5 == 0);

        assertThat(registration.flags.status().trippedGuards()).isEmpty();
        assertThat(users).anyMatch(user -> client.getBooleanValue("new-checkout", false, user));
    }

    @Test
    void theContextIsMappedAsForEvaluationAttributesIncluded() {
        // Only Dutch users are in the guarded rollout: without their attribute every event would count against
        // 'off' (the default), and the guard could not trip.
        List<EvaluationContext> users = users(i -> new ImmutableContext("user-" + i,
                Map.of("country", new Value("NL"))));

        serve("dutch-checkout", users, every -> every % 5 == 0, every -> every % 50 == 0);

        assertThat(registration.flags.status().trippedGuards()).extracting(trip -> trip.flag())
                .containsExactly("dutch-checkout");
    }

    @Test
    void eventDetailsAndOtherEventsChangeNothing() {
        List<EvaluationContext> users = users(i -> new ImmutableContext("user-" + i));

        for (int round = 0; round < 3; round++) {
            for (EvaluationContext user : users) {
                if (client.getBooleanValue("new-checkout", false, user)) {
                    client.track("timeout", user, new MutableTrackingEventDetails(99.5).add("page", "cart"));
                }
            }
        }

        assertThat(registration.flags.status().trippedGuards()).isEmpty();
    }

    private static List<EvaluationContext> users(Function<Integer, EvaluationContext> user) {
        return IntStream.range(0, 2_000).mapToObj(user::apply).toList();
    }

    /**
     * Every user is evaluated through OpenFeature, then has {@code error} tracked when the test for its variant
     * passes on its index: a regression shows as a test that passes more often for {@code on}.
     */
    private void serve(String flag, List<EvaluationContext> users, IntPredicate onEvent, IntPredicate offEvent) {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < users.size(); i++) {
                EvaluationContext user = users.get(i);
                boolean on = client.getBooleanValue(flag, false, user);
                if (on ? onEvent.test(i + round) : offEvent.test(i + round)) {
                    client.track("error", user);                         // the context evaluated above
                }
            }
        }
    }
}
