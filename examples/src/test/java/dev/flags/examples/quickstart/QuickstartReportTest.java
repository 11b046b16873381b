package dev.flags.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.test.FlagDocument;
import dev.flags.test.FlagOff;
import dev.flags.test.FlagTest;
import dev.flags.test.TestFlags;
import dev.flags.test.VaryFlags;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The quickstart's report, tested with the flags-test kit: the flag file's rules decide what no annotation forces,
 * and each test forces what it is about.
 */
@FlagTest
@FlagDocument("classpath:quickstart/flags.yaml")
class QuickstartReportTest {

    private static final int USERS = Quickstart.USERS.size();

    @Test
    @FlagOff("new-checkout")
    void aForcedFlagShowsAsAnOverrideForEveryUser(FeatureFlags flags) {
        String report = Quickstart.report(flags);

        assertThat(report.lines().skip(2)).hasSize(USERS)
                .allSatisfy(line -> assertThat(line).contains("off (OVERRIDE)"));
    }

    @VaryFlags({"dark-mode", "payments-v2"})
    void theReportShowsTheForcedValuesWhateverTheFlagFileSays(FeatureFlags flags) {
        long on = Stream.of("dark-mode", "payments-v2")
                .filter(flag -> flags.isEnabled(flag, FlagContext.anonymous()))
                .count();

        String report = Quickstart.report(flags);

        assertThat(occurrences(report, "on (OVERRIDE)")).isEqualTo(on * USERS);
        assertThat(occurrences(report, "off (OVERRIDE)")).isEqualTo((2 - on) * USERS);
    }

    @Test
    void aPlainUnitTestBuildsItsFlagsInMemory() {
        try (TestFlags flags = TestFlags.builder()
                .on("new-checkout")
                .off("dark-mode")
                .off("payments-v2")
                .variant("button-color", "green", Map.of("blue", "#1f6feb", "green", "#2da44e"))
                .build()) {

            String report = Quickstart.report(flags.client());

            assertThat(report).startsWith("Status: READY");
            assertThat(report.lines().skip(2)).hasSize(USERS).allSatisfy(line -> assertThat(line)
                    .contains("on (STATIC)", "off (STATIC)", "green (STATIC)"));
        }
    }

    private static long occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1L;
    }
}
