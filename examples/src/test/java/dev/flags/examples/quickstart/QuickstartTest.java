package dev.flags.examples.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;
import dev.flags.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's flag file does what its comments and the README say. */
class QuickstartTest {

    private final FeatureFlags flags = FeatureFlags.builder()
            .source(FlagSources.classpath("quickstart/flags.yaml"))
            .build();

    private FlagContext user(String key) {
        return Quickstart.USERS.stream().filter(user -> user.key().equals(key)).findFirst().orElseThrow();
    }

    @Test
    void theFlagFileLoads() {
        assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
        assertThat(flags.flagKeys()).containsOnlyKeys(Quickstart.FLAGS);
    }

    @Test
    void dutchUsersOnARecentAppGetTheNewCheckoutByRule() {
        assertThat(flags.evaluateBoolean("new-checkout", user("alice"), false).reason())
                .isEqualTo(Reason.TARGETING_MATCH);
        assertThat(flags.evaluateBoolean("new-checkout", user("erin"), false).value()).isTrue();
        assertThat(flags.evaluateBoolean("new-checkout", user("carol"), false).reason()).isEqualTo(Reason.SPLIT);
    }

    @Test
    void betaTestersGetDarkMode() {
        assertThat(flags.isEnabled("dark-mode", user("alice"))).isTrue();
        assertThat(flags.isEnabled("dark-mode", user("carol"))).isTrue();
        assertThat(flags.isEnabled("dark-mode", user("bob"))).isFalse();
    }

    @Test
    void theKillSwitchKeepsPaymentsOffForEveryone() {
        Quickstart.USERS.forEach(user ->
                assertThat(flags.evaluateBoolean("payments-v2", user, true).reason()).isEqualTo(Reason.DISABLED));
    }

    @Test
    void aRejectedEditIsPrintedOnTheProgramsOwnOutput(@TempDir Path directory) throws IOException {
        Path file = directory.resolve("flags.yaml");
        try (InputStream bundled = Quickstart.class.getResourceAsStream("/quickstart/flags.yaml")) {
            Files.copy(bundled, file);
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        try (FeatureFlags followed = FeatureFlags.builder().source(FlagSources.file(file)).build()) {
            Quickstart.follow(followed, out);

            Files.writeString(file, "flags:\n  x:\n    enabeld: true\n");

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Rejected: ").contains("enabeld"));
            assertThat(followed.flagKeys()).containsOnlyKeys(Quickstart.FLAGS);
        }
    }

    @Test
    void theReportShowsEveryUserAndFlag() {
        String report = Quickstart.report(flags);

        assertThat(report).startsWith("Status: READY revision 1, 4 flags");
        assertThat(report.lines()).hasSize(2 + Quickstart.USERS.size());
        assertThat(report).contains("purple (TARGETING_MATCH)").contains("off (DISABLED)");
    }
}
