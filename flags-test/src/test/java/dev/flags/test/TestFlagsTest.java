package dev.flags.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.ErrorCode;
import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagChangeEvent;
import dev.flags.FlagContext;
import dev.flags.InvalidFlagDocumentException;
import dev.flags.Reason;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TestFlagsTest {

    private static final FlagContext ANYONE = FlagContext.of("user-1");
    private static final FlagContext DUTCH = FlagContext.builder("user-2").set("country", "NL").build();
    private static final String RESOURCE = "dev/flags/test/flags.yaml";

    private final List<TestFlags> built = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        built.forEach(TestFlags::close);
    }

    private TestFlags build(TestFlags.Builder builder) {
        TestFlags flags = builder.build();
        built.add(flags);
        return flags;
    }

    @Test
    void aFlagDeclaredOnServesTrueWithRealDetails() {
        FeatureFlags flags = build(TestFlags.builder().on("new-checkout")).client();

        Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", ANYONE, false);

        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.variant()).isEqualTo("on");
        assertThat(evaluation.reason()).isEqualTo(Reason.STATIC);
        assertThat(evaluation.source()).isEqualTo(TestFlags.SOURCE);
        assertThat(flags.flagKeys()).containsEntry("new-checkout", TestFlags.SOURCE);
    }

    @Test
    void aFlagDeclaredOffServesItsOffVariant() {
        FeatureFlags flags = build(TestFlags.builder().off("payments")).client();

        Evaluation<Boolean> evaluation = flags.evaluateBoolean("payments", ANYONE, true);

        assertThat(evaluation.value()).isFalse();
        assertThat(evaluation.variant()).isEqualTo("off");
        assertThat(evaluation.reason()).isEqualTo(Reason.STATIC);
    }

    @Test
    void aVariantFlagServesTheChosenVariant() {
        FeatureFlags flags = build(TestFlags.builder()
                .variant("button-color", "red", Map.of("blue", "#00f", "red", "#f00"))).client();

        Evaluation<String> evaluation = flags.evaluateString("button-color", ANYONE, "none");

        assertThat(evaluation.value()).isEqualTo("#f00");
        assertThat(evaluation.variant()).isEqualTo("red");
    }

    @Test
    void valuesAreReadByTheTypedGetters() {
        FeatureFlags flags = build(TestFlags.builder()
                .value("rate-limit", 100)
                .value("sample-ratio", 0.25)
                .value("greeting", "hello")
                .value("layout", Map.of("columns", 2, "tags", List.of("a", "b")))
                .value("dark-mode", true)).client();

        assertThat(flags.getLong("rate-limit", ANYONE, 0L)).isEqualTo(100L);
        assertThat(flags.getDouble("sample-ratio", ANYONE, 0.0)).isEqualTo(0.25);
        assertThat(flags.getString("greeting", ANYONE, "")).isEqualTo("hello");
        assertThat(flags.getObject("layout", ANYONE, Map.of()))
                .isEqualTo(Map.of("columns", 2L, "tags", List.of("a", "b")));
        assertThat(flags.evaluateBoolean("dark-mode", ANYONE, false).variant()).isEqualTo("on");
    }

    @Test
    void stringsWithQuotesAndControlCharactersSurviveTheDocument() {
        String text = "say \"hi\" \\ to\n\tme \u0001 ünïcode";
        FeatureFlags flags = build(TestFlags.builder().value("greeting", text)).client();

        assertThat(flags.getString("greeting", ANYONE, "")).isEqualTo(text);
    }

    @Test
    void aVariantMissingFromItsOwnVariantsIsRejectedAtOnce() {
        TestFlags.Builder builder = TestFlags.builder();

        assertThatThrownBy(() -> builder.variant("button-color", "green", Map.of("blue", "#00f")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flag 'button-color' has no variant 'green'; it has [blue]");
    }

    @Test
    void aFlagDeclaredTwiceIsRejected() {
        TestFlags.Builder builder = TestFlags.builder().on("new-checkout");

        assertThatThrownBy(() -> builder.off("new-checkout"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("flag 'new-checkout' was already declared");
    }

    @Test
    void anInvalidFlagKeyIsRejectedNamingTheFlag() {
        assertThatThrownBy(() -> TestFlags.builder().on("new checkout"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid flag 'new checkout': flags.new checkout: flag keys are");
    }

    @Test
    void aValueOfAnotherTypeIsRejected() {
        assertThatThrownBy(() -> TestFlags.builder().value("launch", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a boolean, string, number, list or map, not java.time.Instant");
        assertThatThrownBy(() -> TestFlags.builder().value("ratio", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
    }

    @Test
    void aDocumentDefinesRealRulesAndDeclaredFlagsWinOverIt() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: country, op: eq, values: [NL] } ]
                        serve: on
                    default: { serve: off }
                  payments: {}
                """;
        FeatureFlags flags = build(TestFlags.builder().document(document).off("payments")).client();

        assertThat(flags.evaluateBoolean("new-checkout", DUTCH, false).reason()).isEqualTo(Reason.TARGETING_MATCH);
        assertThat(flags.isEnabled("new-checkout", ANYONE)).isFalse();
        assertThat(flags.evaluateBoolean("payments", ANYONE, true).source()).isEqualTo(TestFlags.SOURCE);
        assertThat(flags.isEnabled("payments", ANYONE)).isFalse();
    }

    @Test
    void aResourceIsReadFromTheClasspathAndNamedAsItsSource() {
        FeatureFlags flags = build(TestFlags.builder().resource("/" + RESOURCE)).client();

        assertThat(flags.getString("button-color", ANYONE, "none")).isEqualTo("#00f");
        assertThat(flags.evaluateString("button-color", ANYONE, "none").source()).isEqualTo("classpath:" + RESOURCE);
    }

    @Test
    void aMissingResourceFailsAtOnce() {
        assertThatThrownBy(() -> TestFlags.builder().resource("no/such/flags.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no classpath resource 'no/such/flags.yaml'");
    }

    @Test
    void anInvalidDocumentFailsAtOnceListingItsProblems() {
        assertThatThrownBy(() -> TestFlags.builder().document("flags: { x: { enabled: maybe } }"))
                .isInstanceOf(InvalidFlagDocumentException.class)
                .hasMessageContaining("flags.x.enabled");
    }

    @Test
    void onOffAndVariantForceAFlagUntilCleared() {
        TestFlags flags = build(TestFlags.builder().on("new-checkout")
                .variant("button-color", "blue", Map.of("blue", "#00f", "red", "#f00")));

        flags.off("new-checkout").variant("button-color", "red");

        assertThat(flags.client().evaluateBoolean("new-checkout", ANYONE, true).reason()).isEqualTo(Reason.OVERRIDE);
        assertThat(flags.client().isEnabled("new-checkout", ANYONE)).isFalse();
        assertThat(flags.client().getString("button-color", ANYONE, "none")).isEqualTo("#f00");

        flags.clear("new-checkout").on("new-checkout").clear("new-checkout");

        assertThat(flags.client().evaluateBoolean("new-checkout", ANYONE, false).reason()).isEqualTo(Reason.STATIC);
    }

    @Test
    void aKeyNoOneDefinesCanBeForcedLikeABooleanFlag() {
        TestFlags flags = build(TestFlags.builder());

        flags.on("brand-new");

        assertThat(flags.client().isEnabled("brand-new", ANYONE)).isTrue();
    }

    @Test
    void forcingAVariantTheFlagLacksIsRejectedListingThoseItHas() {
        TestFlags flags = build(TestFlags.builder().variant("button-color", "blue", Map.of("blue", "#00f")));

        assertThatThrownBy(() -> flags.on("button-color"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("flag 'button-color' has no variant 'on'; it has [blue]");
    }

    @Test
    void killServesTheOffVariantOrTheCallersDefault() {
        TestFlags flags = build(TestFlags.builder().on("new-checkout").value("rate-limit", 100));

        flags.kill("new-checkout").kill("rate-limit");

        assertThat(flags.client().isEnabled("new-checkout", ANYONE)).isFalse();
        assertThat(flags.client().getLong("rate-limit", ANYONE, 7L)).isEqualTo(7L);
    }

    @Test
    void valueRedefinesAFlagAndDropsItsOverride() {
        TestFlags flags = build(TestFlags.builder().value("rate-limit", 100));
        flags.kill("rate-limit");

        flags.value("rate-limit", 5).value("new-limit", 6);

        Evaluation<Long> evaluation = flags.client().evaluateLong("rate-limit", ANYONE, 0L);
        assertThat(evaluation.value()).isEqualTo(5L);
        assertThat(evaluation.reason()).isEqualTo(Reason.STATIC);
        assertThat(flags.client().getLong("new-limit", ANYONE, 0L)).isEqualTo(6L);
        assertThat(flags.client().overrides().asMap()).isEmpty();
    }

    @Test
    void valueBeatsADocumentsDefinitionOfTheSameKey() {
        TestFlags flags = build(TestFlags.builder().resource(RESOURCE));

        flags.value("button-color", "#0f0");

        assertThat(flags.client().getString("button-color", ANYONE, "none")).isEqualTo("#0f0");
    }

    @Test
    void changesAreAnnouncedToChangeListeners() throws InterruptedException {
        TestFlags flags = build(TestFlags.builder().value("rate-limit", 100));
        BlockingQueue<FlagChangeEvent> events = new LinkedBlockingQueue<>();
        flags.client().onChange(events::add);

        flags.value("rate-limit", 200);
        flags.on("new-checkout");

        // Listeners hear changes on the client's events thread, in the order the changes applied.
        assertThat(events.poll(10, TimeUnit.SECONDS)).extracting(FlagChangeEvent::flagKeys)
                .isEqualTo(Set.of("rate-limit"));
        assertThat(events.poll(10, TimeUnit.SECONDS)).extracting(FlagChangeEvent::flagKeys)
                .isEqualTo(Set.of("new-checkout"));
    }

    @Test
    void eachBuildIsIndependentOfTheOthers() {
        TestFlags.Builder builder = TestFlags.builder().value("rate-limit", 100);
        TestFlags first = build(builder);
        TestFlags second = build(builder);

        first.value("rate-limit", 1).on("new-checkout");

        assertThat(second.client().getLong("rate-limit", ANYONE, 0L)).isEqualTo(100L);
        assertThat(second.client().evaluateBoolean("new-checkout", ANYONE, false).errorCode())
                .isEqualTo(ErrorCode.FLAG_NOT_FOUND);
    }

    @Test
    void theClockDecidesScheduledReleases() {
        String document = """
                flags:
                  launch:
                    rules:
                      - when: [ { op: after, values: ["2030-01-01T00:00:00Z"] } ]
                        serve: on
                    default: { serve: off }
                """;
        Clock after = Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC);
        Clock before = Clock.fixed(Instant.parse("2029-06-01T00:00:00Z"), ZoneOffset.UTC);

        assertThat(build(TestFlags.builder().document(document).clock(after)).client().isEnabled("launch", ANYONE))
                .isTrue();
        assertThat(build(TestFlags.builder().document(document).clock(before)).client().isEnabled("launch", ANYONE))
                .isFalse();
    }

    @Test
    void toStringShowsOverridesAndStatus() {
        TestFlags flags = build(TestFlags.builder().on("new-checkout"));
        flags.off("new-checkout");

        assertThat(flags).hasToString("TestFlags[overrides {new-checkout=off}, " + flags.client().status() + "]");
    }
}
