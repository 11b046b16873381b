package dev.flags.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The changes ops make, in code: kill, restore, roll out; and the model's values. */
class FlagDefinitionTest {

    private static final Ramp RAMP = new Ramp("on", 10, 100, Instant.parse("2026-12-01T00:00:00Z"),
            Instant.parse("2026-12-08T00:00:00Z"));

    @Test
    void killedAndRestoredFlipOnlyTheKillSwitch() {
        FlagDefinition flag = FlagDefinition.builder().description("New checkout").target("on", "user-7").build();

        assertThat(flag.killed().enabled()).isFalse();
        assertThat(flag.killed().restored()).isEqualTo(flag);
        assertThat(flag.killed()).isEqualTo(flag.toBuilder().enabled(false).build());
    }

    @Test
    void aDefaultRolloutServesOnToThatShareAndOffToTheRest() {
        assertThat(FlagDefinition.on().withDefaultRollout(25).defaultServe())
                .isEqualTo(ServeBlock.rollout(Weight.of("on", 25), Weight.of("off", 75)));
        assertThat(FlagDefinition.off().withDefaultRollout(12.5).defaultServe())
                .isEqualTo(ServeBlock.rollout(Weight.of("on", 12.5), Weight.of("off", 87.5)));
    }

    @Test
    void aDefaultRolloutKeepsTheOtherKeysOfTheBlock() {
        FlagDefinition flag = FlagDefinition.builder()
                .defaultServe(ServeBlock.rollout(Weight.of("on", 10), Weight.of("off", 90)).withBy("userId").withRamp(RAMP))
                .build();

        assertThat(flag.withDefaultRollout(50).defaultServe())
                .isEqualTo(ServeBlock.rollout(Weight.of("on", 50), Weight.of("off", 50)).withBy("userId").withRamp(RAMP));
    }

    @Test
    void onlyABooleanFlagRollsOutByPercent() {
        FlagDefinition color = FlagDefinition.builder().variant("red", "#f00").variant("blue", "#00f").build();

        assertThatThrownBy(() -> color.withDefaultRollout(25)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[red, blue]");
        assertThatThrownBy(() -> FlagDefinition.on().withDefaultRollout(101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlagDefinition.on().withDefaultRollout(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FlagDefinition.on().withDefaultRollout(0.0001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void variantValuesAreImmutableCopiesOfJsonValues() {
        Map<String, Object> layout = new HashMap<>(Map.of("columns", 3, "tags", new ArrayList<>(List.of("a"))));
        FlagDefinition flag = FlagDefinition.builder().variant("wide", layout).build();
        layout.put("columns", 4);

        assertThat(flag.variants().get("wide")).isEqualTo(Map.of("columns", 3L, "tags", List.of("a")));
        assertThatThrownBy(() -> ((Map<?, ?>) flag.variants().get("wide")).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> FlagDefinition.builder().variant("when", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.Instant");
        assertThatThrownBy(() -> FlagDefinition.builder().variant("nan", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void aServeBlockServesOneVariantOrRollsOut() {
        assertThatThrownBy(() -> new ServeBlock(null, List.of(), null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServeBlock("on", List.of(Weight.of("on", 100)), null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServeBlock.serve("on").withBy("userId")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDocumentKeepsItsFlagsSortedAndChangesByCopy() {
        FlagDocument document = FlagDocument.empty().withFlag("b", FlagDefinition.on()).withFlag("a", FlagDefinition.off());

        assertThat(document.flags().keySet()).containsExactly("a", "b");
        assertThat(document.withoutFlag("a").flags().keySet()).containsExactly("b");
        assertThat(document.withoutFlag("zzz")).isSameAs(document);
        assertThat(document.withRevision(4L).revision()).isEqualTo(4L);
        assertThat(document.withSegment("beta", Segment.externalSegment()).segments()).containsKey("beta");
        assertThat(document.flags().keySet()).containsExactly("a", "b");
    }

    @Test
    void variantOrderDoesNotMatterButWeightOrderDoes() {
        FlagDefinition onOff = FlagDefinition.builder().variant("on", true).variant("off", false).build();
        FlagDefinition offOn = FlagDefinition.builder().variant("off", false).variant("on", true).build();

        assertThat(onOff).isEqualTo(offOn);
        assertThat(ServeBlock.rollout(Weight.of("on", 10), Weight.of("off", 90)))
                .isNotEqualTo(ServeBlock.rollout(Weight.of("off", 90), Weight.of("on", 10)));
    }
}
