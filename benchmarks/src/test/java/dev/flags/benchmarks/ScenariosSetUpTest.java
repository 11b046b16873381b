package dev.flags.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

/**
 * Runs every library's benchmark set-up once, sanity check included, so that a build notices a peer that an
 * upgrade or a dependency pick broke (it would otherwise answer defaults and look fast). The libraries are found
 * in the benchmark list JMH generated: a new {@link Scenarios} subclass is tested without being named here, and
 * one that drops out of the list (no longer generated, renamed, made abstract) fails {@link #findsEveryLibrary}.
 */
class ScenariosSetUpTest {

    /**
     * Fewer ids than the {@value SanityCheck#IDS} checked before measuring, to keep the build quick: still 10 and
     * 7 standard deviations inside the 45-55% and 7.5-12.5% bands a right set-up lands in.
     */
    private static final int SANITY_IDS = 10_000;

    static Stream<Class<?>> libraries() throws IOException {
        return discovered().stream();
    }

    @Test
    void findsEveryLibrary() throws IOException {
        assertThat(discovered()).extracting(Class::getSimpleName).contains(
                "FlagsScenarios", "FlagsProviderScenarios", "FlagStoreScenarios",
                "Ff4jScenarios", "FlagdScenarios", "LaunchDarklyScenarios", "TogglzScenarios", "UnleashScenarios");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    void setsUpAndPassesItsSanityCheck(Class<?> type) throws Exception {
        Scenarios<?> library = (Scenarios<?>) type.getConstructor().newInstance();
        library.setUp(SANITY_IDS);   // throws if the library does not evaluate as the scenarios say
        library.tearDown();
    }

    private static List<Class<?>> discovered() throws IOException {
        List<BenchmarkListEntry> entries;
        try (InputStream in = ScenariosSetUpTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            entries = BenchmarkList.readBenchmarkList(Objects.requireNonNull(in, "no JMH benchmark list"));
        }
        return entries.stream()
                .map(BenchmarkListEntry::getUserClassQName)
                .distinct()
                .map(ScenariosSetUpTest::load)
                .filter(type -> Scenarios.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers()))
                .sorted((a, b) -> a.getName().compareTo(b.getName()))
                .toList();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
