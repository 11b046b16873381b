package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.State;
import dev.flags.testsupport.CapturedStderr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up from the backup file while the store is down: one clear warning, and the backup's age told truthfully. */
class BackupStartupTest {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Instant FETCHED = Instant.parse("2026-12-04T08:59:35Z");

    @TempDir
    Path dir;

    @Test
    void startingFromTheBackupWarnsOnceSayingWhatIsServedAndWhenItWasFetched() throws Exception {
        Path backup = backupFetchedAt(FETCHED, "blue");
        try (TestFlagStore store = new TestFlagStore(2, color("green"))) {
            store.down();
            List<String> warnings;
            FlagsStatus status;
            try (CapturedStderr log = new CapturedStderr();
                    FeatureFlags flags = client(store, new VirtualTime())) {
                status = flags.status();
                assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
                warnings = log.text().lines().filter(line -> line.contains(" WARN ")).toList();
            }

            assertThat(status.state()).isEqualTo(State.STALE);
            assertThat(status.lastError()).endsWith(": serving the backup file " + backup + " (fetched " + FETCHED
                    + ") until the store answers: the store answered HTTP 503");
            assertThat(warnings).as("WARN lines at start-up").hasSize(1);
            assertThat(warnings.get(0)).contains("serving the backup file").doesNotContain("defaults");
        }
    }

    @Test
    void theBackupsFlagsAreAsOldAsWhenItsDocumentWasFetched() throws Exception {
        backupFetchedAt(FETCHED, "blue");
        Clock now = Clock.fixed(FETCHED.plusSeconds(25), ZoneOffset.UTC);
        try (TestFlagStore store = new TestFlagStore(2, color("green"))) {
            store.down();
            try (FeatureFlags flags = FeatureFlags.builder().clock(now).source(HttpFlagSource.builder(store.url())
                    .backupFile(dir.resolve("flags.yaml"))
                    .timing(new VirtualTime(), VirtualTime.BACKOFF)
                    .build()).build()) {
                assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
                assertThat(Duration.between(flags.status().lastSync(), now.instant())).as("staleness")
                        .isEqualTo(Duration.ofSeconds(25));
            }
        }
    }

    @Test
    void withoutABackupTheOneWarningSaysCallersGetTheirDefaults() throws Exception {
        try (TestFlagStore store = new TestFlagStore(2, color("green"))) {
            store.down();
            List<String> warnings;
            try (CapturedStderr log = new CapturedStderr();
                    FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource.builder(store.url())
                            .timing(new VirtualTime(), VirtualTime.BACKOFF)
                            .build()).build()) {
                assertThat(flags.status().state()).isEqualTo(State.INITIALIZING);
                warnings = log.text().lines().filter(line -> line.contains(" WARN ")).toList();
            }

            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("HTTP 503", "callers get their defaults");
        }
    }

    @Test
    void theBackupFileRecordsWhenItsDocumentWasLastFetchedOrConfirmed() throws Exception {
        backupFetchedAt(FETCHED, "blue");
        VirtualTime time = new VirtualTime();
        try (TestFlagStore store = new TestFlagStore(2, color("green"))) {
            store.down();
            try (FeatureFlags flags = client(store, time)) {
                store.up();
                time.advance(Duration.ofSeconds(2));
                await().atMost(WAIT).until(() -> flags.status().state() == State.READY);
                Instant written = lastModified();
                assertThat(written).as("written when fetched")
                        .isBetween(time.instant().minusMillis(1_200), time.instant());

                time.advance(Duration.ofSeconds(2));
                assertThat(lastModified()).as("touched when the store answered 304").isAfter(written);
            }
        }
    }

    private FeatureFlags client(TestFlagStore store, VirtualTime time) {
        return FeatureFlags.builder().source(HttpFlagSource.builder(store.url())
                .pollInterval(Duration.ofSeconds(1))
                .backupFile(dir.resolve("flags.yaml"))
                .timing(time, VirtualTime.BACKOFF)
                .build()).build();
    }

    private Path backupFetchedAt(Instant fetched, String colour) throws Exception {
        Path backup = dir.resolve("flags.yaml");
        Files.writeString(backup, TestFlagStore.document(1, color(colour)));
        Files.setLastModifiedTime(backup, FileTime.from(fetched));
        return backup;
    }

    private Instant lastModified() throws Exception {
        return Files.getLastModifiedTime(dir.resolve("flags.yaml")).toInstant();
    }

    private static String color(String value) {
        return "color: { variants: { c: " + value + " }, default: { serve: c } }";
    }
}
