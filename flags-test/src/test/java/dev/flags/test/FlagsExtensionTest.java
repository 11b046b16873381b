package dev.flags.test;

import static dev.flags.test.Jupiter.failure;
import static dev.flags.test.Jupiter.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.ErrorCode;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.Reason;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/** The extension, run on the real Jupiter engine against the fixture classes below. */
class FlagsExtensionTest {

    static final FlagContext ANYONE = FlagContext.of("user-1");
    static final String DOCUMENT = "classpath:dev/flags/test/flags.yaml";

    private static void allSucceed(EngineExecutionResults results, int tests) {
        results.testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests).failed(0));
    }

    private static Event onlyFailure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0);
    }

    @Test
    void injectsTheSameFlagsIntoParametersOfTheTestAndItsLifecycleMethods() {
        allSucceed(run(Injection.class), 1);
    }

    @Test
    void injectsTheTestsFlagsIntoTheConstructorAndFields() {
        allSucceed(run(ConstructorAndFields.class), 2);
    }

    @Test
    void aMethodsAnnotationsBeatItsClasss() {
        allSucceed(run(MethodBeatsClass.class), 2);
    }

    @Test
    void aSubclassBeatsItsSuperclassAndANestedClassItsEnclosingClass() {
        allSucceed(run(Subclass.class), 2);
    }

    @Test
    void aComposedAnnotationSetsItsFlags() {
        allSucceed(run(Composed.class), 1);
    }

    @Test
    void aDocumentDefinesTheFlagsAndAnnotationsForceThem() {
        allSucceed(run(WithDocument.class), 2);
    }

    @Test
    void aDocumentIsReadFromAFileToo() {
        allSucceed(run(FromFile.class), 1);
    }

    @Test
    void changesMadeInATestEndWithIt() {
        allSucceed(run(ChangesEndWithTheTest.class), 2);
    }

    @Test
    void eachTestGetsItsOwnFlagsUnderThePerClassLifecycle() {
        PerClass.seen.clear();

        allSucceed(run(PerClass.class), 2);

        assertThat(PerClass.seen).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void anUnknownVariantFailsTheTestNamingTheAnnotationAndTheVariantsTheFlagHas() {
        Event failed = onlyFailure(run(UnknownVariant.class));

        assertThat(failure(failed))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@FlagVariant(flag = \"button-color\", variant = \"purple\") on method"
                        + " FlagsExtensionTest.UnknownVariant.purple(): flag 'button-color' has no variant 'purple';"
                        + " it has [blue, red]");
    }

    @Test
    void aFlagSetTwiceAtOneLevelFailsTheTest() {
        Event failed = onlyFailure(run(SetTwice.class));

        assertThat(failure(failed))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("flag 'new-checkout' is set twice: by @FlagOn(\"new-checkout\") on method"
                        + " FlagsExtensionTest.SetTwice.both() and by @FlagOff(\"new-checkout\") on method"
                        + " FlagsExtensionTest.SetTwice.both(); keep one");
    }

    @Test
    void aKeyThatCanNeverExistFailsTheTest() {
        Event failed = onlyFailure(run(BadKey.class));

        assertThat(failure(failed))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@FlagOn(\"Bad Key!\") on method FlagsExtensionTest.BadKey.typo(): 'Bad Key!'"
                        + " can never be a flag key: ")
                .hasMessageContaining("flag keys are 1 to 200 letters, digits");
    }

    @Test
    void aMissingDocumentFailsTheTestNamingIt() {
        Event failed = onlyFailure(run(MissingDocument.class));

        assertThat(failure(failed))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@FlagDocument(\"classpath:no/such/flags.yaml\") on class"
                        + " FlagsExtensionTest.MissingDocument: no classpath resource 'no/such/flags.yaml'");
    }

    @Test
    void aConstructorServingEveryTestOfAPerClassInstanceIsToldToTakeAParameterInstead() {
        EngineExecutionResults results = run(PerClassConstructor.class);

        List<Event> failed = results.containerEvents().failed().list();
        assertThat(failed).hasSize(1);
        assertThat(failure(failed.get(0)))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("Each test has its own FeatureFlags")
                .hasMessageContaining("take it as a parameter of the test method");
    }

    // ---- fixtures, run through Jupiter.run ----

    @Fixture
    @FlagTest
    @FlagOn("new-checkout")
    static class Injection {
        private FeatureFlags fromBeforeEach;

        @BeforeEach
        void setUp(FeatureFlags flags) {
            fromBeforeEach = flags;
        }

        @Test
        void test(FeatureFlags flags, TestFlags handle) {
            assertThat(flags).isSameAs(handle.client()).isSameAs(fromBeforeEach);
            assertThat(flags.evaluateBoolean("new-checkout", ANYONE, false).reason()).isEqualTo(Reason.OVERRIDE);
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isTrue();
        }
    }

    @Fixture
    @ExtendWith(FlagsExtension.class)
    static class ConstructorAndFields {
        private final FeatureFlags fromConstructor;
        FeatureFlags flags;
        TestFlags handle;
        static FeatureFlags ignored;

        ConstructorAndFields(FeatureFlags flags) {
            this.fromConstructor = flags;
        }

        @Test
        @FlagOn("new-checkout")
        void first(FeatureFlags parameter) {
            assertThat(flags).isSameAs(parameter).isSameAs(fromConstructor).isSameAs(handle.client());
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isTrue();
            assertThat(ignored).isNull();
        }

        @Test
        void second(FeatureFlags parameter) {
            assertThat(flags).isSameAs(parameter).isSameAs(fromConstructor);
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isFalse();
        }
    }

    @Fixture
    @FlagOn("new-checkout")
    @FlagOff("payments")
    static class MethodBeatsClass {
        @Test
        @FlagOff("new-checkout")
        void methodLevel(FeatureFlags flags) {
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isFalse();
            assertThat(flags.isEnabled("payments", ANYONE)).isFalse();
        }

        @Test
        void classLevel(FeatureFlags flags) {
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isTrue();
        }
    }

    @FlagOn("a")
    @FlagOn("b")
    @FlagOn("c")
    abstract static class Base {
    }

    @Fixture
    @FlagOff("b")
    @FlagOff("c")
    static class Subclass extends Base {
        @Test
        void subclassBeatsSuperclass(FeatureFlags flags) {
            assertThat(flags.isEnabled("a", ANYONE)).isTrue();
            assertThat(flags.isEnabled("b", ANYONE)).isFalse();
        }

        @Nested
        @FlagOn("c")
        class Inner {
            @Test
            void nestedBeatsEnclosing(FeatureFlags flags) {
                assertThat(flags.isEnabled("a", ANYONE)).isTrue();
                assertThat(flags.isEnabled("b", ANYONE)).isFalse();
                assertThat(flags.isEnabled("c", ANYONE)).isTrue();
            }
        }
    }

    @Target({ElementType.METHOD, ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @FlagOn("new-checkout")
    @FlagVariant(flag = "button-color", variant = "red")
    @FlagDocument(DOCUMENT)
    @interface RedCheckout {
    }

    @Fixture
    static class Composed {
        @Test
        @RedCheckout
        void test(FeatureFlags flags) {
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isTrue();
            assertThat(flags.getString("button-color", ANYONE, "none")).isEqualTo("#f00");
        }
    }

    @Fixture
    @FlagDocument(DOCUMENT)
    @FlagVariant(flag = "button-color", variant = "red")
    static class WithDocument {
        @Test
        void annotationBeatsDocument(FeatureFlags flags) {
            assertThat(flags.getString("button-color", ANYONE, "none")).isEqualTo("#f00");
        }

        @Test
        void documentRulesAreEvaluated(FeatureFlags flags) {
            FlagContext dutch = FlagContext.builder("user-2").set("country", "NL").build();
            assertThat(flags.evaluateBoolean("new-checkout", dutch, false).reason())
                    .isEqualTo(Reason.TARGETING_MATCH);
            assertThat(flags.evaluateBoolean("new-checkout", dutch, false).source())
                    .isEqualTo("classpath:dev/flags/test/flags.yaml");
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isFalse();
        }
    }

    @Fixture
    @FlagDocument("file:src/test/resources/dev/flags/test/flags.yaml")
    static class FromFile {
        @Test
        void test(FeatureFlags flags) {
            assertThat(flags.evaluateString("button-color", ANYONE, "none").source())
                    .isEqualTo("file:src/test/resources/dev/flags/test/flags.yaml");
        }
    }

    @Fixture
    @FlagTest
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ChangesEndWithTheTest {
        @Test
        @Order(1)
        void changes(TestFlags flags) {
            flags.on("new-checkout").value("rate-limit", 5);
            assertThat(flags.client().isEnabled("new-checkout", ANYONE)).isTrue();
        }

        @Test
        @Order(2)
        void seesNoneOfIt(FeatureFlags flags) {
            assertThat(flags.evaluateBoolean("new-checkout", ANYONE, false).errorCode())
                    .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
            assertThat(flags.getLong("rate-limit", ANYONE, 100L)).isEqualTo(100L);
        }
    }

    @Fixture
    @FlagTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class PerClass {
        static final List<FeatureFlags> seen = new CopyOnWriteArrayList<>();
        FeatureFlags flags;

        @Test
        @Order(1)
        @FlagOn("new-checkout")
        void first(FeatureFlags parameter) {
            seen.add(flags);
            assertThat(flags).isSameAs(parameter);
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isTrue();
        }

        @Test
        @Order(2)
        void second(FeatureFlags parameter) {
            seen.add(flags);
            assertThat(flags).isSameAs(parameter);
            assertThat(flags.isEnabled("new-checkout", ANYONE)).isFalse();
        }
    }

    @Fixture
    @FlagDocument(DOCUMENT)
    static class UnknownVariant {
        @Test
        @FlagVariant(flag = "button-color", variant = "purple")
        void purple() {
        }

        @Test
        void fine() {
        }
    }

    @Fixture
    @FlagTest
    static class BadKey {
        @Test
        @FlagOn("Bad Key!")
        void typo() {
        }

        @Test
        @FlagOff("good.key_1-b")
        void fine() {
        }
    }

    @Fixture
    @FlagTest
    static class SetTwice {
        @Test
        @FlagOn("new-checkout")
        @FlagOff("new-checkout")
        void both() {
        }

        @Test
        void fine() {
        }
    }

    @Fixture
    @FlagDocument("classpath:no/such/flags.yaml")
    static class MissingDocument {
        @Test
        void test() {
        }
    }

    @Fixture
    @FlagTest
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    static class PerClassConstructor {
        PerClassConstructor(FeatureFlags flags) {
        }

        @Test
        void test() {
        }
    }
}
