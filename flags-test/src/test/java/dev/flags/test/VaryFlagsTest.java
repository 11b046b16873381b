package dev.flags.test;

import static dev.flags.test.FlagsExtensionTest.ANYONE;
import static dev.flags.test.FlagsExtensionTest.DOCUMENT;
import static dev.flags.test.Jupiter.failure;
import static dev.flags.test.Jupiter.names;
import static dev.flags.test.Jupiter.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import java.util.List;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** {@link VaryFlags}, run on the real Jupiter engine against the fixture classes below. */
class VaryFlagsTest {

    /** What an invocation named like {@code [a=on, b=off]} should see. */
    static String nameOf(FeatureFlags flags, String... keys) {
        StringBuilder name = new StringBuilder("[");
        for (String key : keys) {
            name.append(name.length() > 1 ? ", " : "").append(key).append('=')
                    .append(flags.isEnabled(key, ANYONE) ? "on" : "off");
        }
        return name.append(']').toString();
    }

    private static Throwable containerFailure(Class<?> fixture) {
        List<Event> failed = run(fixture).containerEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failure(failed.get(0));
    }

    @Test
    void twoFlagsGiveFourInvocationsNamedByTheirValues() {
        EngineExecutionResults results = run(TwoFlags.class);

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(4).failed(0));
        assertThat(names(results.testEvents().started()))
                .containsExactly("[a=on, b=on]", "[a=on, b=off]", "[a=off, b=on]", "[a=off, b=off]");
    }

    @Test
    void aFailureIsReportedForTheCombinationThatFailed() {
        EngineExecutionResults results = run(FailsWhenBothAreOn.class);

        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
        Event failed = results.testEvents().failed().list().get(0);
        assertThat(failed.getTestDescriptor().getDisplayName()).isEqualTo("[a=on, b=on]");
        assertThat(failure(failed)).isInstanceOf(AssertionError.class).hasMessageContaining("both on");
    }

    @Test
    void variedFlagsBeatTheClasssAnnotations() {
        run(VariesAClassFlag.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void eachInvocationsConstructorGetsThatInvocationsFlags() {
        run(ConstructorInjected.class).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void aFlagWithoutOnAndOffVariantsFailsEachInvocationClearly() {
        EngineExecutionResults results = run(NotBoolean.class);

        results.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
        assertThat(failure(results.testEvents().failed().list().get(0)))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@VaryFlags on method VaryFlagsTest.NotBoolean.test() [button-color=on]: flag"
                        + " 'button-color' has no variant 'on'; it has [blue, red]");
    }

    @Test
    void aFlagAlsoSetOnTheSameMethodIsRejected() {
        assertThat(containerFailure(AlsoSet.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@VaryFlags on method VaryFlagsTest.AlsoSet.test() varies flag 'a', which"
                        + " @FlagOff(\"a\") on method VaryFlagsTest.AlsoSet.test() also sets; keep one");
    }

    @Test
    void noFlagsTooManyFlagsAndRepeatedFlagsAreRejected() {
        assertThat(containerFailure(NoFlags.class)).hasMessageEndingWith("names no flag");
        assertThat(containerFailure(TooManyFlags.class))
                .hasMessageEndingWith("varies 11 flags; at most 10 (1024 invocations) are allowed");
        assertThat(containerFailure(RepeatedFlag.class)).hasMessageEndingWith("names flag 'a' twice");
        assertThat(containerFailure(BadKey.class)).hasMessageContaining("'no such key' can never be a flag key");
    }

    // ---- fixtures, run through Jupiter.run ----

    @Fixture
    static class TwoFlags {
        @VaryFlags({"a", "b"})
        void test(FeatureFlags flags, TestInfo info) {
            assertThat(nameOf(flags, "a", "b")).isEqualTo(info.getDisplayName());
        }
    }

    @Fixture
    static class FailsWhenBothAreOn {
        @VaryFlags({"a", "b"})
        void test(FeatureFlags flags) {
            assertThat(flags.isEnabled("a", ANYONE) && flags.isEnabled("b", ANYONE)).as("both on").isFalse();
        }
    }

    @Fixture
    @FlagOn("a")
    @FlagOn("b")
    static class VariesAClassFlag {
        @VaryFlags("a")
        void test(FeatureFlags flags, TestInfo info) {
            assertThat(nameOf(flags, "a")).isEqualTo(info.getDisplayName());
            assertThat(flags.isEnabled("b", ANYONE)).isTrue();
        }
    }

    @Fixture
    @FlagTest
    static class ConstructorInjected {
        private final FeatureFlags fromConstructor;

        ConstructorInjected(FeatureFlags flags) {
            this.fromConstructor = flags;
        }

        @VaryFlags("a")
        void test(FeatureFlags flags, TestInfo info) {
            assertThat(flags).isSameAs(fromConstructor);
            assertThat(nameOf(flags, "a")).isEqualTo(info.getDisplayName());
        }
    }

    @Fixture
    @FlagDocument(DOCUMENT)
    static class NotBoolean {
        @VaryFlags("button-color")
        void test() {
        }
    }

    @Fixture
    static class AlsoSet {
        @VaryFlags({"a", "b"})
        @FlagOff("a")
        void test() {
        }
    }

    @Fixture
    static class NoFlags {
        @VaryFlags({})
        void test() {
        }
    }

    @Fixture
    static class TooManyFlags {
        @VaryFlags({"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"})
        void test() {
        }
    }

    @Fixture
    static class RepeatedFlag {
        @VaryFlags({"a", "b", "a"})
        void test() {
        }
    }

    @Fixture
    static class BadKey {
        @VaryFlags({"a", "no such key"})
        void test() {
        }
    }
}
