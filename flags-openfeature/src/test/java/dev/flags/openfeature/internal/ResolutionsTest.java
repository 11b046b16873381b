package dev.flags.openfeature.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.ErrorCode;
import dev.flags.Evaluation;
import dev.flags.Reason;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ProviderEvaluation;
import dev.openfeature.sdk.Value;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine's evaluations as OpenFeature resolution details, including codes no core source produces today. */
class ResolutionsTest {

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void everyErrorCodeMapsToOpenFeaturesOfTheSameName(ErrorCode code) {
        Evaluation<Boolean> failed = new Evaluation<>("f", false, null, Reason.ERROR, code, "why", -1, null, null);

        ProviderEvaluation<Boolean> details = Resolutions.of(failed, true);

        assertThat(details.getErrorCode().name()).isEqualTo(code.name());
        assertThat(details.getErrorMessage()).isEqualTo("why");
        assertThat(details.getReason()).isEqualTo("ERROR");
        assertThat(details.getValue()).isTrue();
        assertThat(details.getFlagMetadata()).isEqualTo(ImmutableMetadata.EMPTY);
    }

    @ParameterizedTest
    @EnumSource(Reason.class)
    void everyReasonKeepsItsName(Reason reason) {
        Evaluation<String> evaluation = new Evaluation<>("f", "v", "a", reason, null, null, 2, "rule", "memory");

        ProviderEvaluation<String> details = Resolutions.of(evaluation, "v");

        assertThat(details.getReason()).isEqualTo(reason.name());
        assertThat(details.getErrorCode()).isNull();
        assertThat(details.getErrorMessage()).isNull();
        assertThat(details.getVariant()).isEqualTo("a");
    }

    @Test
    void theReasonsOpenFeatureLacksAreOnlyOurTwo() {
        List<String> openFeature = Arrays.stream(dev.openfeature.sdk.Reason.values()).map(Enum::name).toList();

        assertThat(Arrays.stream(Reason.values()).map(Enum::name).filter(name -> !openFeature.contains(name)))
                .containsExactlyInAnyOrder("PREREQUISITE_FAILED", "OVERRIDE");
    }

    @Test
    void metadataCarriesRuleAndSource() {
        Evaluation<String> evaluation = new Evaluation<>("f", "v", "a", Reason.TARGETING_MATCH, null, null, 3,
                "dutch users", "file:/etc/flags.yaml");

        ImmutableMetadata metadata = Resolutions.of(evaluation, "v").getFlagMetadata();

        assertThat(metadata.asUnmodifiableMap()).containsOnly(
                Map.entry("ruleIndex", 3), Map.entry("ruleName", "dutch users"),
                Map.entry("source", "file:/etc/flags.yaml"));
    }

    @Test
    void valuesBecomeOpenFeatureValues() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("small", 2L);
        map.put("big", 5_000_000_000L);
        map.put("ratio", 0.5);
        map.put("on", true);
        map.put("list", List.of("a", 1L));
        map.put("none", null);

        Value value = Resolutions.toValue(map);

        assertThat(value.isStructure()).isTrue();
        assertThat(value.asStructure().getValue("small").asObject()).isEqualTo(2);
        assertThat(value.asStructure().getValue("big").asObject()).isEqualTo(5_000_000_000L);
        assertThat(value.asStructure().getValue("ratio").asDouble()).isEqualTo(0.5);
        assertThat(value.asStructure().getValue("on").asBoolean()).isTrue();
        assertThat(value.asStructure().getValue("list").asList()).extracting(Value::asObject).containsExactly("a", 1);
        assertThat(value.asStructure().getValue("none").isNull()).isTrue();
        assertThat(Resolutions.toValue(null).isNull()).isTrue();
    }
}
