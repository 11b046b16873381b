package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end against a real HTTP server on loopback: polling, streaming, backup file, outage and recovery. */
class HttpFlagSourceIT {

    private static final FlagContext USER = FlagContext.of("user-1");

    private static String color(String value) {
        return "color: { variants: { c: " + value + " }, default: { serve: c } }";
    }

    @Test
    void aChangeInTheStoreReachesTheClientByPolling() throws Exception {
        try (TestFlagStore store = new TestFlagStore(1, color("blue"));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url()).pollInterval(Duration.ofMillis(200)).build())
                        .build()) {
            assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");

            store.publish(2, color("green"));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(flags.getString("color", USER, "none")).isEqualTo("green"));
            assertThat(flags.status().revision()).isEqualTo(2);
        }
    }

    @Test
    void aChangeInTheStoreReachesTheClientByStreamingWithoutWaitingForAPoll() throws Exception {
        try (TestFlagStore store = new TestFlagStore(1, color("blue"));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url())
                                .pollInterval(Duration.ofHours(1))
                                .streaming(true)
                                .build())
                        .build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.streamRequests() > 0);
            Thread.sleep(300); // let the stream's connect-time fetch settle before publishing

            store.publish(2, color("green"));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(flags.getString("color", USER, "none")).isEqualTo("green"));
        }
    }

    @Test
    void theBackupFileServesWhenTheStoreIsDownAtStartAndTheStoreTakesOverWhenBack(@TempDir Path dir)
            throws Exception {
        Path backup = dir.resolve("cache/flags.yaml");
        try (TestFlagStore store = new TestFlagStore(1, color("blue"))) {
            try (FeatureFlags first = FeatureFlags.builder()
                    .source(HttpFlagSource.builder(store.url()).backupFile(backup).build())
                    .build()) {
                assertThat(first.getString("color", USER, "none")).isEqualTo("blue");
            }
            assertThat(Files.readString(backup)).contains("revision: 1");

            store.down();
            store.publish(2, color("green"));
            try (FeatureFlags second = FeatureFlags.builder()
                    .source(HttpFlagSource.builder(store.url())
                            .backupFile(backup)
                            .pollInterval(Duration.ofMillis(200))
                            .startupWait(Duration.ofSeconds(2))
                            .build())
                    .build()) {
                assertThat(second.getString("color", USER, "none")).isEqualTo("blue");
                assertThat(second.status().state()).isEqualTo(State.STALE);
                assertThat(second.status().lastError()).contains("backup file");

                store.up();

                // The backup file is written just after the document is applied, on the source's thread.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(second.getString("color", USER, "none")).isEqualTo("green");
                    assertThat(second.status().state()).isEqualTo(State.READY);
                    assertThat(Files.readString(backup)).contains("revision: 2");
                });
            }
        }
    }

    @Test
    void aCorruptBackupFileIsIgnoredAndReplacedOnceTheStoreAnswers(@TempDir Path dir) throws Exception {
        Path backup = dir.resolve("flags.yaml");
        Files.writeString(backup, "flags: { color: { variants: { c: blue }, default: { serve: nope } } }");
        try (TestFlagStore store = new TestFlagStore(1, color("green"))) {
            store.down();
            try (FeatureFlags flags = FeatureFlags.builder()
                    .source(HttpFlagSource.builder(store.url())
                            .backupFile(backup)
                            .pollInterval(Duration.ofMillis(200))
                            .startupWait(Duration.ofMillis(500))
                            .build())
                    .build()) {
                assertThat(flags.getString("color", USER, "none")).isEqualTo("none");
                assertThat(flags.status().state()).isEqualTo(State.INITIALIZING);
                assertThat(flags.status().lastError()).contains("rejected an invalid document")
                        .contains("unknown variant 'nope'");
                // Once the store's retries have failed too, status says what callers get meanwhile.
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(flags.status().lastError()).contains("callers get their defaults"));

                store.up();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                    assertThat(flags.getString("color", USER, "none")).isEqualTo("green");
                    assertThat(flags.status().state()).isEqualTo(State.READY);
                    assertThat(Files.readString(backup)).contains("revision: 1").contains("green");
                });
            }
        }
    }

    @Test
    void aBootstrapDocumentBelowAnswersWhileTheStoreIsDownAtStartAndStatusSaysSo() throws Exception {
        try (TestFlagStore store = new TestFlagStore(1, color("green"))) {
            store.down();
            long started = System.nanoTime();
            try (FeatureFlags flags = FeatureFlags.builder()
                    .source(dev.flags.FlagSources.inMemory("flags: { " + color("blue") + " }"))
                    .source(HttpFlagSource.builder(store.url())
                            .pollInterval(Duration.ofMillis(200))
                            .startupWait(Duration.ofMillis(500))
                            .build())
                    .build()) {
                // Bounded by the start-up wait, with room for a busy machine: never the retries' whole course.
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
                assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
                assertThat(flags.evaluateString("color", USER, "none").source()).isEqualTo("memory");
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(flags.status().lastError()).contains("memory answer meanwhile"));

                store.up();

                await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                        assertThat(flags.getString("color", USER, "none")).isEqualTo("green"));
            }
        }
    }

    @Test
    void anOutageKeepsTheLastGoodFlagsAndRecovers() throws Exception {
        try (TestFlagStore store = new TestFlagStore(1, color("blue"));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url()).pollInterval(Duration.ofMillis(100)).build())
                        .build()) {
            store.down();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.STALE));
            assertThat(flags.status().lastError()).contains("503");
            assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");

            store.up();

            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(flags.status().state()).isEqualTo(State.READY));
        }
    }

    @Test
    void observersSeeEverySyncAndStatusShowsTheCircuitBreaker() throws Exception {
        java.util.List<Boolean> syncs = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.flags.FlagObserver observer = new dev.flags.FlagObserver() {
            @Override
            public void onSync(String source, Duration took, boolean success) {
                syncs.add(success);
            }
        };
        try (TestFlagStore store = new TestFlagStore(1, color("blue"));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url()).pollInterval(Duration.ofMillis(100)).build())
                        .observer(observer)
                        .build()) {
            assertThat(syncs).contains(true);
            assertThat(flags.status().sources().get(0).details()).containsEntry("circuitBreaker", "CLOSED");

            store.down();

            await().atMost(Duration.ofSeconds(10)).until(() -> syncs.contains(false));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                    flags.status().sources().get(0).details()).containsEntry("circuitBreaker", "OPEN"));
            assertThat(flags.status().toString()).contains("circuitBreaker=OPEN");
        }
    }

    @Test
    void theStreamComesBackAfterTheStoreDropsIt() throws Exception {
        try (TestFlagStore store = new TestFlagStore(1, color("blue"));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url())
                                .pollInterval(Duration.ofHours(1))
                                .streaming(true)
                                .heartbeatTimeout(Duration.ofSeconds(2))
                                .build())
                        .build()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> store.streamRequests() > 0);
            store.down();
            store.up();
            await().atMost(Duration.ofSeconds(20)).until(() -> store.streamRequests() > 1);
            Thread.sleep(300);

            store.publish(2, color("green"));

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(flags.getString("color", USER, "none")).isEqualTo("green"));
        }
    }
}
