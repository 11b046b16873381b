package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The extension used the way an application's tests use it, run by the build itself. */
@FlagTest
@FlagDocument("classpath:dev/flags/test/flags.yaml")
@FlagOn("new-checkout")
class ExtensionInUseTest {

    private static final FlagContext USER = FlagContext.of("user-1");

    FeatureFlags flags;

    @Test
    void theClasssAnnotationsApply() {
        assertThat(flags.evaluateBoolean("new-checkout", USER, false).reason()).isEqualTo(Reason.OVERRIDE);
        assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
    }

    @Test
    @FlagOff("new-checkout")
    @FlagVariant(flag = "button-color", variant = "red")
    void theMethodsAnnotationsBeatTheClasss() {
        assertThat(flags.isEnabled("new-checkout", USER)).isFalse();
        assertThat(flags.getString("button-color", USER, "none")).isEqualTo("#f00");
    }

    @Test
    void aTestChangesItsFlagsThroughTheHandle(TestFlags handle) {
        handle.variant("button-color", "red").value("rate-limit", 5);

        assertThat(flags.getString("button-color", USER, "none")).isEqualTo("#f00");
        assertThat(flags.getLong("rate-limit", USER, 100L)).isEqualTo(5L);
    }

    @Test
    void theDocumentAnswersForWhatNoAnnotationForces() {
        assertThat(flags.getString("button-color", USER, "none")).isEqualTo("#00f");
        assertThat(flags.getLong("rate-limit", USER, 100L)).isEqualTo(100L);
    }

    @VaryFlags({"new-checkout", "payments"})
    void runsOnceForEveryCombination(TestInfo info) {
        assertThat(info.getDisplayName()).isEqualTo(VaryFlagsTest.nameOf(flags, "new-checkout", "payments"));
    }
}
