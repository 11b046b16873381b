package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.MutableContext;
import dev.openfeature.sdk.MutableStructure;
import dev.openfeature.sdk.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OpenFeature's evaluation context reaches the engine's rules: targeting key, typed attributes, lists, structures. */
class ContextMappingTest {

    private static final String DOCUMENT = "flags:\n"
            + onlyWhen("by-key", "{ attribute: key, op: eq, values: [user-42] }")
            + onlyWhen("by-country", "{ attribute: country, op: eq, values: [NL] }")
            + onlyWhen("by-age", "{ attribute: age, op: gte, values: [18] }")
            + onlyWhen("by-score", "{ attribute: score, op: gt, values: [0.5] }")
            + onlyWhen("by-beta", "{ attribute: beta, op: eq, values: [true] }")
            + onlyWhen("by-signup", "{ attribute: signup, op: after, values: [\"2026-01-01T00:00:00Z\"] }")
            + onlyWhen("by-group", "{ attribute: groups, op: in, values: [admins] }")
            + onlyWhen("by-address", "{ attribute: address.country, op: eq, values: [NL] }")
            + onlyWhen("by-plan", "{ attribute: plan, op: exists }")
            + "  everyone: { default: { rollout: { on: 100 } } }\n";

    /** A boolean flag that is on only when the condition holds. */
    private static String onlyWhen(String flag, String condition) {
        return "  " + flag + ": { rules: [ { when: [ " + condition + " ], serve: on } ], default: { serve: off } }\n";
    }

    private final Registration registration = Registration.of(FeatureFlags.builder()
            .source(FlagSources.inMemory(DOCUMENT)).build());
    private final Client client = registration.client;

    @AfterEach
    void close() {
        registration.close();
    }

    private boolean on(String flag, EvaluationContext context) {
        return client.getBooleanValue(flag, false, context);
    }

    private static EvaluationContext user(String name, Value value) {
        return new ImmutableContext("user-1", Map.of(name, value));
    }

    @Test
    void theTargetingKeyIsTheEnginesKey() {
        assertThat(on("by-key", new ImmutableContext("user-42"))).isTrue();
        assertThat(on("by-key", new ImmutableContext("user-1"))).isFalse();
        assertThat(client.getBooleanDetails("everyone", false, new ImmutableContext("user-1")).getReason())
                .isEqualTo("SPLIT");
    }

    @Test
    void anAttributeNamedKeyDoesNotReplaceTheTargetingKey() {
        assertThat(on("by-key", user("key", new Value("user-42")))).isFalse();
    }

    @Test
    void stringAttributesAreCompared() {
        assertThat(on("by-country", user("country", new Value("NL")))).isTrue();
        assertThat(on("by-country", user("country", new Value("DE")))).isFalse();
    }

    @Test
    void integerAndLongAttributesAreNumbers() {
        assertThat(on("by-age", user("age", new Value(31)))).isTrue();
        assertThat(on("by-age", user("age", new Value(17L)))).isFalse();
    }

    @Test
    void doubleAttributesAreNumbers() {
        assertThat(on("by-score", user("score", new Value(0.75)))).isTrue();
        assertThat(on("by-score", user("score", new Value(0.25)))).isFalse();
    }

    @Test
    void booleanAttributesAreBooleans() {
        assertThat(on("by-beta", user("beta", new Value(true)))).isTrue();
        assertThat(on("by-beta", user("beta", new Value(false)))).isFalse();
    }

    @Test
    void instantAttributesAreInstants() {
        assertThat(on("by-signup", user("signup", new Value(Instant.parse("2026-03-01T00:00:00Z"))))).isTrue();
        assertThat(on("by-signup", user("signup", new Value(Instant.parse("2025-03-01T00:00:00Z"))))).isFalse();
    }

    @Test
    void listAttributesMatchWhenAnyElementDoes() {
        assertThat(on("by-group", user("groups", new Value(List.of(new Value("eu"), new Value("admins")))))).isTrue();
        assertThat(on("by-group", user("groups", new Value(List.of(new Value("eu")))))).isFalse();
    }

    @Test
    void aListKeepsItsScalarElementsOnly() {
        Value mixed = new Value(List.of(new Value(new MutableStructure().add("x", 1)), new Value("admins")));

        assertThat(on("by-group", user("groups", mixed))).isTrue();
    }

    @Test
    void structuresAreFlattenedIntoDottedNames() {
        MutableContext context = new MutableContext("user-1")
                .add("address", new MutableStructure().add("country", "NL").add("city", "Delft"));

        assertThat(on("by-address", context)).isTrue();
        assertThat(on("by-country", context)).isFalse();
    }

    @Test
    void nullAttributesAreLeftOut() {
        assertThat(on("by-plan", user("plan", new Value()))).isFalse();
        assertThat(on("by-plan", user("plan", new Value("pro")))).isTrue();
    }

    @Test
    void clientAndInvocationContextsAreMerged() {
        Client client = Registration.API.getClient(registration.domain);
        client.setEvaluationContext(new ImmutableContext(Map.of("country", new Value("NL"))));

        assertThat(client.getBooleanValue("by-country", false, new ImmutableContext("user-42"))).isTrue();
        assertThat(client.getBooleanValue("by-key", false, new ImmutableContext("user-42"))).isTrue();
    }
}
