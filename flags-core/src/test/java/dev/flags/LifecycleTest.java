package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Starting and closing a client: the threads it owns, what still works after close, bundled documents.
 * Isolated because it counts the JVM's threads.
 */
@Isolated
class LifecycleTest {

    private static final String DOCUMENT = """
            revision: 1
            flags:
              new-checkout: { enabled: true }
            """;
    private static final Duration CHECK = Duration.ofMillis(100);
    private static final FlagContext USER = FlagContext.of("user-42");

    @TempDir
    Path dir;

    @Test
    void closeStopsEveryThreadTheClientStarted() throws IOException {
        Set<Thread> before = liveThreads();
        long flagsThreadsBefore = countFlagsThreads(before);
        FeatureFlags flags = clientOnTwoFiles();
        Set<Thread> started = startedSince(before);
        assertThat(countFlagsThreads(started)).as("flags- threads started by the client").isPositive();

        flags.close();

        // An executor's worker is still alive for a moment after the executor reports it terminated.
        await().pollInSameThread().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(countFlagsThreads(liveThreads())).isLessThanOrEqualTo(flagsThreadsBefore);
            assertThat(started).noneMatch(Thread::isAlive);
            assertThat(liveThreads()).hasSizeLessThanOrEqualTo(before.size());
        });
    }

    @Test
    void backgroundThreadsAreDaemonThreadsNamedFlags() throws IOException {
        Set<Thread> before = liveThreads();
        try (FeatureFlags flags = clientOnTwoFiles()) {
            Set<Thread> started = startedSince(before);

            assertThat(started).filteredOn(LifecycleTest::isFlagsThread).isNotEmpty();
            assertThat(started).allMatch(Thread::isDaemon, "is a daemon thread");
        }
    }

    @Test
    void closingTwiceIsHarmless() throws IOException {
        FeatureFlags flags = clientOnTwoFiles();
        flags.close();

        assertThatCode(flags::close).doesNotThrowAnyException();
        assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
    }

    @Test
    void evaluationAfterCloseAnswersFromTheLastFlags() throws IOException {
        FeatureFlags flags = clientOnTwoFiles();
        flags.close();

        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", USER, false);
        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.errorCode()).isNull();
        assertThat(evaluation.reason()).isEqualTo(Reason.STATIC);
    }

    @Test
    void aClasspathSourceLoadsTheBundledDocument() {
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.classpath("dev/flags/sources/bundled.yaml")).build()) {
            Evaluation<String> color = flags.evaluateString("button-color", USER, "red");

            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
            assertThat(flags.status().revision()).isEqualTo(3L);
            assertThat(color.value()).isEqualTo("green");
            assertThat(color.source()).isEqualTo("classpath:dev/flags/sources/bundled.yaml");
        }
    }

    @Test
    void aClasspathResourceMayStartWithASlash() {
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.classpath("/dev/flags/sources/bundled.yaml")).build()) {
            assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
        }
    }

    @Test
    void aMissingClasspathResourceFailsAtOnceNamingIt() {
        assertThatThrownBy(() -> FlagSources.classpath("missing.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.yaml");
    }

    private FeatureFlags clientOnTwoFiles() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first")).resolve("flags.yaml");
        Path second = Files.createDirectories(dir.resolve("second")).resolve("overrides.yaml");
        Files.writeString(first, DOCUMENT);
        Files.writeString(second, "flags: {}\n");
        return FeatureFlags.builder()
                .source(FlagSources.file(first, CHECK))
                .source(FlagSources.file(second, CHECK))
                .build();
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    private static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = liveThreads();
        now.removeAll(before);
        return now;
    }

    private static boolean isFlagsThread(Thread thread) {
        return thread.getName().startsWith("flags-");
    }

    private static long countFlagsThreads(Set<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).filter(LifecycleTest::isFlagsThread).count();
    }
}
