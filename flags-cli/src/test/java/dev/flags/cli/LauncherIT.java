package dev.flags.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged launcher (target/flags): it runs the jar, and makes and then maps its class data sharing archive. */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("target", "flags");

    @TempDir
    Path dir;

    @Test
    void theFirstRunMakesAnArchiveThatTheNextRunsMap() throws Exception {
        Path file = Files.writeString(dir.resolve("flags.yaml"), "flags:\n  new-checkout:\n    enabled: true\n");
        Path cache = dir.resolve("cache");
        // -Xshare:on: a JVM that cannot map its archive refuses to start, so the second run fails if it is unusable
        Map<String, String> environment = Map.of("XDG_CACHE_HOME", cache.toString(), "FLAGS_JAVA_OPTS", "-Xshare:on");

        Run first = run(environment, "validate", file.toString());
        assertThat(first.code()).as(first.output()).isZero();
        await().atMost(Duration.ofSeconds(120)).until(() -> archives(cache) == 1 && !locked(cache));
        Run second = run(environment, "validate", file.toString());

        assertThat(second.code()).as(second.output()).isZero();
        assertThat(second.output()).isEqualTo(file + ": valid (1 flags, 0 segments)\n");
    }

    @Test
    void flagsCdsOffWritesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("flags.yaml"), "flags:\n  new-checkout:\n    enabled: true\n");
        Path cache = dir.resolve("cache");

        Run run = run(Map.of("XDG_CACHE_HOME", cache.toString(), "FLAGS_CDS", "off"), "validate", file.toString());

        assertThat(run.code()).as(run.output()).isZero();
        assertThat(cache).doesNotExist();
    }

    private static Run run(Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(LAUNCHER.toString()), Stream.of(args))
                .toList()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("FLAGS_JAVA", ProcessHandle.current().info().command().orElse("java"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }

    private static long archives(Path cache) throws IOException {
        Path flags = cache.resolve("flags");
        if (!Files.isDirectory(flags)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(flags)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".jsa")).count();
        }
    }

    private static boolean locked(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("flags"))) {
            return files.anyMatch(path -> path.getFileName().toString().endsWith(".lock"));
        }
    }

    private record Run(int code, String output) {
    }
}
