package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.FlagStore;
import dev.flags.InMemoryFlagSource;
import dev.flags.StoreCaching;
import dev.flags.StoredFlag;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.Value;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every reason and error code the engine gives, as an OpenFeature client sees them, with variant and metadata. */
class ReasonsAndErrorsTest {

    private static final String DOCUMENT = """
            flags:
              static-flag: {}
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                targets: { red: [vip] }
                rules:
                  - name: dutch users
                    when: [ { attribute: country, op: in, values: [NL] } ]
                    serve: red
                default: { serve: blue }
              split:
                default: { rollout: { on: 50, off: 50 } }
              killed: { enabled: false }
              needs-killed:
                prerequisites: [ { flag: killed, variant: on } ]
            """;

    private final InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
    private final Registration registration = Registration.of(FeatureFlags.builder().source(source).build());
    private final Client client = registration.client;
    private final EvaluationContext user = new ImmutableContext("user-42");

    @AfterEach
    void close() {
        registration.close();
    }

    @Test
    void aFlagWithoutTargetingIsStatic() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("static-flag", false, user);

        assertThat(details.getReason()).isEqualTo("STATIC");
        assertThat(details.getVariant()).isEqualTo("on");
        assertThat(details.getFlagMetadata().getString(FlagsProvider.SOURCE)).isEqualTo("memory");
        assertThat(details.getErrorMessage()).isNull();
    }

    @Test
    void aMatchingRuleIsATargetingMatchNamingTheRule() {
        EvaluationContext dutch = new ImmutableContext("user-42", Map.of("country", new Value("NL")));

        FlagEvaluationDetails<String> details = client.getStringDetails("button-color", "none", dutch);

        assertThat(details.getValue()).isEqualTo("#f00");
        assertThat(details.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(details.getVariant()).isEqualTo("red");
        ImmutableMetadata metadata = details.getFlagMetadata();
        assertThat(metadata.getInteger(FlagsProvider.RULE_INDEX)).isZero();
        assertThat(metadata.getString(FlagsProvider.RULE_NAME)).isEqualTo("dutch users");
        assertThat(metadata.getString(FlagsProvider.SOURCE)).isEqualTo("memory");
    }

    @Test
    void anIndividualTargetIsATargetingMatchByTargets() {
        FlagEvaluationDetails<String> details = client.getStringDetails("button-color", "none",
                new ImmutableContext("vip"));

        assertThat(details.getReason()).isEqualTo("TARGETING_MATCH");
        assertThat(details.getFlagMetadata().getString(FlagsProvider.RULE_NAME)).isEqualTo("targets");
        assertThat(details.getFlagMetadata().getInteger(FlagsProvider.RULE_INDEX)).isNull();
    }

    @Test
    void noMatchingRuleIsTheDefault() {
        FlagEvaluationDetails<String> details = client.getStringDetails("button-color", "none", user);

        assertThat(details.getValue()).isEqualTo("#00f");
        assertThat(details.getReason()).isEqualTo("DEFAULT");
        assertThat(details.getVariant()).isEqualTo("blue");
    }

    @Test
    void aRolloutIsASplit() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("split", false, user);

        assertThat(details.getReason()).isEqualTo("SPLIT");
        assertThat(details.getVariant()).isIn("on", "off");
        assertThat(details.getErrorCode()).isNull();
    }

    @Test
    void theKillSwitchIsDisabled() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("killed", true, user);

        assertThat(details.getValue()).isFalse();
        assertThat(details.getReason()).isEqualTo("DISABLED");
        assertThat(details.getVariant()).isEqualTo("off");
    }

    @Test
    void aFailedPrerequisiteIsPrerequisiteFailed() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("needs-killed", true, user);

        assertThat(details.getValue()).isFalse();
        assertThat(details.getReason()).isEqualTo("PREREQUISITE_FAILED");
        assertThat(details.getErrorCode()).isNull();
    }

    @Test
    void aLocalOverrideIsOverride() {
        registration.flags.overrides().set("static-flag", "off");

        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("static-flag", true, user);

        assertThat(details.getValue()).isFalse();
        assertThat(details.getReason()).isEqualTo("OVERRIDE");
        assertThat(details.getVariant()).isEqualTo("off");
    }

    @Test
    void aMissingFlagIsFlagNotFound() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("no-such-flag", true, user);

        assertThat(details.getValue()).isTrue();
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(details.getErrorMessage()).isEqualTo("no source defines this flag");
    }

    @Test
    void aValueOfAnotherTypeIsTypeMismatch() {
        FlagEvaluationDetails<Double> details = client.getDoubleDetails("button-color", 0.5, user);

        assertThat(details.getValue()).isEqualTo(0.5);
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void aRolloutWithoutTargetingKeyIsTargetingKeyMissing() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("split", true, new ImmutableContext());

        assertThat(details.getValue()).isTrue();
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    }

    @Test
    void anEmptyTargetingKeyCountsAsMissing() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("split", true, new ImmutableContext(""));

        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
    }

    @Test
    void anOverrideOutlivingItsVariantIsGeneral() {
        registration.flags.overrides().set("button-color", "red");
        source.update(DOCUMENT.replace("red: \"#f00\", blue", "green: \"#0f0\", blue")
                .replace("red: [vip]", "green: [vip]").replace("serve: red", "serve: green"));

        FlagEvaluationDetails<String> details = client.getStringDetails("button-color", "none", user);

        assertThat(details.getValue()).isEqualTo("none");
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.GENERAL);
        assertThat(details.getErrorMessage()).contains("'red'");
    }

    @Test
    void anInvalidDefinitionFromAFlagStoreIsParseError() {
        FlagStore store = new FlagStore() {
            @Override
            public String name() {
                return "broken-store";
            }

            @Override
            public StoredFlag load(String flagKey) {
                return new StoredFlag("{ \"enabled\": \"yes\" }", 1);
            }
        };
        try (Registration stored = Registration.of(FeatureFlags.builder().store(store)
                .storeCaching(StoreCaching.defaults().withColdTimeout(Duration.ofSeconds(10))).build())) {
            FlagEvaluationDetails<Boolean> details = stored.client.getBooleanDetails("from-store", true, user);

            assertThat(details.getValue()).isTrue();
            assertThat(details.getReason()).isEqualTo("ERROR");
            assertThat(details.getErrorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
            assertThat(details.getErrorMessage()).contains("enabled");
        }
    }
}
