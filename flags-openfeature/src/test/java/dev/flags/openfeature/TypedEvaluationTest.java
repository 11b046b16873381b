package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.Structure;
import dev.openfeature.sdk.Value;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every OpenFeature value type, read through an OpenFeature client. */
class TypedEvaluationTest {

    private static final String DOCUMENT = """
            flags:
              new-checkout: {}
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                default: { serve: red }
              max-items:
                variants: { ten: 10 }
                default: { serve: ten }
              huge:
                variants: { beyond-int: 9007199254740993 }
                default: { serve: beyond-int }
              sample-ratio:
                variants: { quarter: 0.25 }
                default: { serve: quarter }
              layout:
                variants:
                  compact:
                    columns: 2
                    title: Compact
                    dense: true
                    ratio: 0.5
                    tags: [a, b]
                    header: { height: 40, sticky: false }
                default: { serve: compact }
            """;

    private final Registration registration = Registration.of(FeatureFlags.builder()
            .source(FlagSources.inMemory(DOCUMENT)).build());
    private final Client client = registration.client;
    private final ImmutableContext user = new ImmutableContext("user-42");

    @AfterEach
    void close() {
        registration.close();
    }

    @Test
    void booleanFlagsServeTheirVariant() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("new-checkout", false, user);

        assertThat(details.getValue()).isTrue();
        assertThat(details.getVariant()).isEqualTo("on");
        assertThat(details.getErrorCode()).isNull();
        assertThat(client.getBooleanValue("new-checkout", false, user)).isTrue();
    }

    @Test
    void stringFlagsServeTheirVariant() {
        FlagEvaluationDetails<String> details = client.getStringDetails("button-color", "blue", user);

        assertThat(details.getValue()).isEqualTo("#f00");
        assertThat(details.getVariant()).isEqualTo("red");
    }

    @Test
    void integerFlagsServeTheirVariant() {
        FlagEvaluationDetails<Integer> details = client.getIntegerDetails("max-items", 5, user);

        assertThat(details.getValue()).isEqualTo(10);
        assertThat(details.getVariant()).isEqualTo("ten");
    }

    @Test
    void anIntegerOutsideTheIntRangeIsATypeMismatch() {
        FlagEvaluationDetails<Integer> details = client.getIntegerDetails("huge", 5, user);

        assertThat(details.getValue()).isEqualTo(5);
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(details.getErrorMessage()).contains("huge", "9007199254740993", "int range");
        assertThat(details.getReason()).isEqualTo("ERROR");
    }

    @Test
    void longFlagsServeTheWholeLongRangeExactly() {
        FlagEvaluationDetails<Long> details = client.getLongDetails("huge", 5L, user);

        assertThat(details.getValue()).isEqualTo(9007199254740993L);
        assertThat(details.getErrorCode()).isNull();
        assertThat(client.getLongValue("max-items", 5L, user)).isEqualTo(10L);
    }

    @Test
    void doubleFlagsServeTheirVariant() {
        FlagEvaluationDetails<Double> details = client.getDoubleDetails("sample-ratio", 0.1, user);

        assertThat(details.getValue()).isEqualTo(0.25);
        assertThat(details.getVariant()).isEqualTo("quarter");
    }

    @Test
    void aWholeNumberFlagReadAsDoubleServesItsValue() {
        assertThat(client.getDoubleValue("max-items", 0.1, user)).isEqualTo(10.0);
    }

    @Test
    void aFractionReadAsIntegerIsATypeMismatch() {
        FlagEvaluationDetails<Integer> details = client.getIntegerDetails("sample-ratio", 5, user);

        assertThat(details.getValue()).isEqualTo(5);
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void objectFlagsServeAStructureOfValues() {
        FlagEvaluationDetails<Value> details = client.getObjectDetails("layout", new Value("none"), user);

        assertThat(details.getVariant()).isEqualTo("compact");
        Structure layout = details.getValue().asStructure();
        assertThat(layout.keySet()).containsExactlyInAnyOrder("columns", "title", "dense", "ratio", "tags", "header");
        assertThat(layout.getValue("columns").asInteger()).isEqualTo(2);
        assertThat(layout.getValue("title").asString()).isEqualTo("Compact");
        assertThat(layout.getValue("dense").asBoolean()).isTrue();
        assertThat(layout.getValue("ratio").asDouble()).isEqualTo(0.5);
        assertThat(layout.getValue("tags").asList()).extracting(Value::asString).containsExactly("a", "b");
        assertThat(layout.getValue("header").asStructure().asObjectMap())
                .containsEntry("height", 40).containsEntry("sticky", false);
    }

    @Test
    void objectEvaluationOfAScalarFlagServesItAsAValue() {
        assertThat(client.getObjectValue("button-color", new Value("none"), user).asString()).isEqualTo("#f00");
        assertThat(client.getObjectValue("new-checkout", new Value(false), user).asBoolean()).isTrue();
    }

    @Test
    void objectEvaluationGivesBackTheCallersDefaultOnError() {
        Value fallback = new Value(List.of(new Value("fallback")));

        FlagEvaluationDetails<Value> details = client.getObjectDetails("no-such-flag", fallback, user);

        assertThat(details.getValue()).isEqualTo(fallback);
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void aTypeMismatchGivesBackTheCallersDefault() {
        FlagEvaluationDetails<Boolean> details = client.getBooleanDetails("button-color", true, user);

        assertThat(details.getValue()).isTrue();
        assertThat(details.getErrorCode()).isEqualTo(ErrorCode.TYPE_MISMATCH);
        assertThat(details.getVariant()).isNull();
    }
}
