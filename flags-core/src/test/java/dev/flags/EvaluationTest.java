package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The evaluation contract of DESIGN §3 and §4: order, reasons, error codes, types, and never throwing. */
class EvaluationTest {

    private static final String DOCUMENT = """
            revision: 7
            segments:
              beta-testers:
                include: [user-5]
            flags:
              payments-v2:
                enabled: true
              payments-off:
                enabled: false
              new-checkout:
                description: New checkout flow
                prerequisites:
                  - { flag: payments-v2, variant: on }
                targets: { off: [user-7] }
                rules:
                  - name: dutch users
                    when:
                      - { attribute: country, op: in, values: [NL, BE] }
                    serve: on
                  - when: [ { op: inSegment, values: [beta-testers] } ]
                    serve: on
                default:
                  serve: off
              needs-disabled:
                prerequisites:
                  - { flag: payments-off, variant: on }
              button-color:
                variants: { blue: "#00f", red: "#f00" }
                offVariant: blue
                default: { serve: red }
              rate-limit:
                variants: { low: 10, high: 1000, fraction: 2.5, whole: 3.0 }
                rules:
                  - when: [ { attribute: plan, op: eq, values: [pro] } ]
                    serve: high
                  - when: [ { attribute: plan, op: eq, values: [odd] } ]
                    serve: fraction
                  - when: [ { attribute: plan, op: eq, values: [whole] } ]
                    serve: whole
                default: { serve: low }
              sample-ratio:
                variants: { tenth: 0.1, all: 1 }
                default: { serve: all }
              no-default:
                variants: { a: x, b: y }
                rules:
                  - when: [ { attribute: plan, op: eq, values: [pro] } ]
                    serve: a
              killed-without-off:
                enabled: false
                variants: { a: x }
              layout:
                variants:
                  compact: { columns: 2, labels: [a, b], dense: true }
                default: { serve: compact }
            """;

    private final InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
    private final FeatureFlags flags = FeatureFlags.builder().source(source).build();

    @AfterEach
    void close() {
        flags.close();
    }

    private static FlagContext user(String key, String country) {
        return FlagContext.builder(key).set("country", country).build();
    }

    @Test
    void aRuleMatchServesItsVariantWithTheRuleThatDecided() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", user("user-1", "NL"), false);

        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.variant()).isEqualTo("on");
        assertThat(evaluation.reason()).isEqualTo(Reason.TARGETING_MATCH);
        assertThat(evaluation.ruleIndex()).isZero();
        assertThat(evaluation.ruleName()).isEqualTo("dutch users");
        assertThat(evaluation.errorCode()).isNull();
        assertThat(evaluation.source()).isEqualTo("memory");
    }

    @Test
    void noRuleMatchingServesTheDefaultBlock() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", user("user-1", "US"), true);

        assertThat(evaluation.value()).isFalse();
        assertThat(evaluation.reason()).isEqualTo(Reason.DEFAULT);
        assertThat(evaluation.ruleIndex()).isEqualTo(-1);
    }

    @Test
    void individualTargetsComeBeforeRules() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", user("user-7", "NL"), true);

        assertThat(evaluation.value()).isFalse();
        assertThat(evaluation.reason()).isEqualTo(Reason.TARGETING_MATCH);
        assertThat(evaluation.ruleName()).isEqualTo("targets");
    }

    @Test
    void laterRulesMatchWhenEarlierOnesDoNot() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", user("user-5", "US"), false);

        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.ruleIndex()).isEqualTo(1);
        assertThat(evaluation.ruleName()).isNull();
    }

    @Test
    void theKillSwitchServesTheOffVariantToEveryone() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("payments-off", FlagContext.of("user-1"), true);

        assertThat(evaluation.value()).isFalse();
        assertThat(evaluation.variant()).isEqualTo("off");
        assertThat(evaluation.reason()).isEqualTo(Reason.DISABLED);
    }

    @Test
    void aKilledFlagWithoutOffVariantServesTheCallersDefault() {
        Evaluation<String> evaluation = flags.evaluateString("killed-without-off", FlagContext.of("u"), "fallback");

        assertThat(evaluation.value()).isEqualTo("fallback");
        assertThat(evaluation.variant()).isNull();
        assertThat(evaluation.reason()).isEqualTo(Reason.DISABLED);
        assertThat(evaluation.errorCode()).isNull();
    }

    @Test
    void aFailedPrerequisiteServesTheOffVariant() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("needs-disabled", FlagContext.of("u"), true);

        assertThat(evaluation.value()).isFalse();
        assertThat(evaluation.reason()).isEqualTo(Reason.PREREQUISITE_FAILED);
        assertThat(evaluation.ruleName()).isEqualTo("prerequisite payments-off");
    }

    @Test
    void aPrerequisiteFollowsTheOverridesOfTheFlagItNames() {
        flags.overrides().kill("payments-v2");

        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", user("user-1", "NL"), true);

        assertThat(evaluation.reason()).isEqualTo(Reason.PREREQUISITE_FAILED);
        assertThat(evaluation.value()).isFalse();
    }

    @Test
    void aFlagWithoutTargetingIsStatic() {
        assertThat(flags.evaluateBoolean("payments-v2", FlagContext.anonymous(), false))
                .extracting(Evaluation::value, Evaluation::reason)
                .containsExactly(true, Reason.STATIC);
        assertThat(flags.evaluateString("button-color", FlagContext.anonymous(), "x").reason())
                .isEqualTo(Reason.STATIC);
    }

    @Test
    void aNonBooleanFlagWithoutDefaultServesTheCallersDefaultWhenNoRuleMatches() {
        Evaluation<String> evaluation = flags.evaluateString("no-default", FlagContext.of("u"), "mine");

        assertThat(evaluation.value()).isEqualTo("mine");
        assertThat(evaluation.reason()).isEqualTo(Reason.DEFAULT);
        assertThat(evaluation.errorCode()).isNull();
    }

    @Test
    void typedReadsReturnTheVariantsValue() {
        FlagContext pro = FlagContext.builder("u").set("plan", "pro").build();

        assertThat(flags.getString("button-color", pro, "blue")).isEqualTo("#f00");
        assertThat(flags.getLong("rate-limit", pro, 1)).isEqualTo(1000);
        assertThat(flags.getLong("rate-limit", FlagContext.of("u"), 1)).isEqualTo(10);
        assertThat(flags.getDouble("sample-ratio", pro, 0.5)).isEqualTo(1.0);
        assertThat(flags.getDouble("rate-limit", pro, 0.5)).isEqualTo(1000.0);
        assertThat(flags.getBoolean("payments-v2", pro, false)).isTrue();
    }

    @Test
    void aWholeNumberWrittenWithADecimalPointReadsAsLong() {
        FlagContext whole = FlagContext.builder("u").set("plan", "whole").build();

        assertThat(flags.getLong("rate-limit", whole, 1)).isEqualTo(3);
    }

    @Test
    void aFractionReadAsLongIsATypeMismatch() {
        FlagContext odd = FlagContext.builder("u").set("plan", "odd").build();

        Evaluation<Long> evaluation = flags.evaluateLong("rate-limit", odd, 42);

        assertThat(evaluation.value()).isEqualTo(42);
        assertThat(evaluation.reason()).isEqualTo(Reason.ERROR);
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(evaluation.errorMessage()).contains("fraction");
    }

    @Test
    void readingAStringFlagAsBooleanIsATypeMismatch() {
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("button-color", FlagContext.of("u"), true);

        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(flags.isEnabled("button-color", FlagContext.of("u"))).isFalse();
    }

    @Test
    void objectVariantsComeBackAsImmutablePlainJava() {
        Object layout = flags.getObject("layout", FlagContext.of("u"), Map.of());

        assertThat(layout).isEqualTo(Map.of("columns", 2L, "labels", List.of("a", "b"), "dense", true));
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) layout;
        assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(flags.evaluateObject("button-color", FlagContext.of("u"), null).value()).isEqualTo("#f00");
    }

    @Test
    void aMissingFlagServesTheDefaultWithFlagNotFound() {
        Evaluation<String> evaluation = flags.evaluateString("no-such-flag", FlagContext.of("u"), "default");

        assertThat(evaluation.value()).isEqualTo("default");
        assertThat(evaluation.reason()).isEqualTo(Reason.ERROR);
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(evaluation.flagKey()).isEqualTo("no-such-flag");
        assertThat(flags.isEnabled("no-such-flag", FlagContext.of("u"))).isFalse();
    }

    @Test
    void aNullKeyOrContextNeverThrows() {
        assertThat(flags.evaluateBoolean(null, FlagContext.of("u"), true))
                .extracting(Evaluation::value, Evaluation::reason, Evaluation::errorCode)
                .containsExactly(true, Reason.ERROR, ErrorCode.FLAG_NOT_FOUND);
        assertThat(flags.evaluateBoolean("payments-v2", null, false))
                .extracting(Evaluation::value, Evaluation::reason, Evaluation::errorCode)
                .containsExactly(false, Reason.ERROR, ErrorCode.GENERAL);
        assertThat(flags.getString(null, null, "d")).isEqualTo("d");
        assertThat(flags.getLong("rate-limit", null, 5)).isEqualTo(5);
        assertThat(flags.getDouble(null, FlagContext.anonymous(), 0.5)).isEqualTo(0.5);
        assertThat(flags.getObject(null, null, "d")).isEqualTo("d");
    }

    @Test
    void beforeAnyDocumentEvaluationsAnswerProviderNotReady() {
        InMemoryFlagSource empty = new InMemoryFlagSource("empty");
        try (FeatureFlags notReady = FeatureFlags.builder().source(empty).build()) {
            Evaluation<Boolean> evaluation = notReady.evaluateBoolean("new-checkout", FlagContext.of("u"), true);

            assertThat(evaluation.value()).isTrue();
            assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
            assertThat(notReady.status().state()).isEqualTo(FlagsStatus.State.INITIALIZING);
        }
    }

    @Test
    void anOverrideBeatsEverySource() {
        flags.overrides().set("new-checkout", "on");

        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", user("user-7", "US"), false);

        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.reason()).isEqualTo(Reason.OVERRIDE);
        assertThat(evaluation.variant()).isEqualTo("on");
    }

    @Test
    void aKillOverrideServesTheOffVariantHere() {
        flags.overrides().kill("button-color");

        Evaluation<String> evaluation = flags.evaluateString("button-color", FlagContext.of("u"), "x");

        assertThat(evaluation.value()).isEqualTo("#00f");
        assertThat(evaluation.reason()).isEqualTo(Reason.OVERRIDE);
    }

    @Test
    void clearingAnOverrideRestoresTheSourcesAnswer() {
        flags.overrides().set("new-checkout", "on");
        flags.overrides().clear("new-checkout");

        assertThat(flags.evaluateBoolean("new-checkout", user("user-1", "US"), true).reason())
                .isEqualTo(Reason.DEFAULT);
        assertThat(flags.overrides().asMap()).isEmpty();
    }

    @Test
    void anOverrideOfAnUnknownFlagActsAsABooleanFlag() {
        flags.overrides().set("not-yet-shipped", "on");

        assertThat(flags.isEnabled("not-yet-shipped", FlagContext.anonymous())).isTrue();
        assertThat(flags.overrides().asMap()).containsEntry("not-yet-shipped", "on");
    }

    @Test
    void anOverrideNamingAMissingVariantIsRefused() {
        assertThatThrownBy(() -> flags.overrides().set("button-color", "green"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("button-color")
                .hasMessageContaining("green")
                .hasMessageContaining("[blue, red]");
    }

    @Test
    void anOverrideOutlivingItsVariantAnswersWithAnError() {
        flags.overrides().set("button-color", "red");
        source.update(DOCUMENT.replace("variants: { blue: \"#00f\", red: \"#f00\" }",
                "variants: { blue: \"#00f\", green: \"#0f0\" }").replace("serve: red", "serve: green"));

        Evaluation<String> evaluation = flags.evaluateString("button-color", FlagContext.of("u"), "x");

        assertThat(evaluation.value()).isEqualTo("x");
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.GENERAL);
        assertThat(evaluation.errorMessage()).contains("'red'");
    }

    @Test
    void theEvaluationExplainsItselfInOneLine() {
        assertThat(flags.evaluateBoolean("new-checkout", user("user-1", "NL"), false))
                .hasToString("new-checkout = true (variant on), TARGETING_MATCH by rule 0 'dutch users', from memory");
    }

    @Test
    void successfulEvaluationsAreSharedNotRebuilt() {
        FlagContext context = user("user-1", "NL");

        assertThat(flags.evaluateBoolean("new-checkout", context, false))
                .isSameAs(flags.evaluateBoolean("new-checkout", context, false));
    }

    @Test
    void everyFlagOfALargeDocumentIsFoundUnderItsOwnKey() {
        StringBuilder document = new StringBuilder("flags:\n");
        for (int i = 0; i < 2_000; i++) {
            document.append("  flag-").append(i).append(":\n")
                    .append("    variants: { v: ").append(i).append(" }\n")
                    .append("    default: { serve: v }\n");
        }
        try (FeatureFlags large = FeatureFlags.builder().source(FlagSources.inMemory(document.toString())).build()) {
            FlagContext user = FlagContext.of("user-1");
            for (int i = 0; i < 2_000; i++) {
                // A key built anew is another String instance than the document's: found by equality.
                assertThat(large.getLong(new StringBuilder("flag-").append(i).toString(), user, -1)).isEqualTo(i);
            }
            assertThat(large.evaluateLong("flag-2000", user, -1).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        }
    }

    @Test
    void keysWithTheSameHashCodeAreToldApart() {
        // "Aa" and "BB" share String.hashCode 2112, as do "AaAa", "AaBB", "BBAa" and "BBBB": one slot, one
        // stored hash, so only the characters decide.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        String document = """
                flags:
                  Aa: { variants: { v: 1 }, default: { serve: v } }
                  BB: { variants: { v: 2 }, default: { serve: v } }
                  AaAa: { variants: { v: 3 }, default: { serve: v } }
                  BBBB: { variants: { v: 4 }, default: { serve: v } }
                """;
        try (FeatureFlags colliding = FeatureFlags.builder().source(FlagSources.inMemory(document)).build()) {
            FlagContext user = FlagContext.of("user-1");
            assertThat(colliding.getLong("Aa", user, -1)).isEqualTo(1);
            assertThat(colliding.getLong("BB", user, -1)).isEqualTo(2);
            assertThat(colliding.getLong(new StringBuilder("B").append('B').toString(), user, -1)).isEqualTo(2);
            assertThat(colliding.getLong("AaAa", user, -1)).isEqualTo(3);
            assertThat(colliding.getLong("BBBB", user, -1)).isEqualTo(4);
            assertThat(colliding.evaluateLong("AaBB", user, -1).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
            assertThat(colliding.evaluateLong("BBAa", user, -1).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        }
    }

    @Test
    void flagKeysNameTheSourceThatAnswers() {
        assertThat(flags.flagKeys()).containsEntry("new-checkout", "memory").hasSize(10);
    }
}
