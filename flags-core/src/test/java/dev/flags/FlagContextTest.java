package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The context as a value: what the builder keeps, in which order, and that built contexts never change. */
class FlagContextTest {

    @Test
    void attributesKeepTheValuesAsSetInTheOrderSet() {
        Instant signedUp = Instant.parse("2026-01-02T03:04:05Z");
        FlagContext context = FlagContext.builder("user-1")
                .set("country", "NL").set("age", 42L).set("ratio", 0.5).set("beta", true)
                .set("signedUp", signedUp).set("groups", List.of("a", "b"))
                .build();

        assertThat(context.key()).isEqualTo("user-1");
        assertThat(context.attributes()).containsExactly(entry("country", "NL"), entry("age", 42L),
                entry("ratio", 0.5), entry("beta", true), entry("signedUp", signedUp),
                entry("groups", List.of("a", "b")));
        assertThat(context.get("age")).isEqualTo(42L);
        assertThat(context.get("missing")).isNull();
        assertThat(context.attributes()).containsKey("beta").doesNotContainKey("missing").hasSize(6);
    }

    @Test
    void settingAnAttributeAgainReplacesItInPlace() {
        FlagContext context = FlagContext.builder("user-1")
                .set("a", "1").set("b", "2").set("a", "3")
                .build();

        assertThat(context.attributes()).containsExactly(entry("a", "3"), entry("b", "2"));
    }

    @Test
    void aNullValueRemovesTheAttribute() {
        FlagContext context = FlagContext.builder("user-1")
                .set("a", "1").set("b", "2").set("c", "3").set("b", (String) null)
                .build();

        assertThat(context.attributes()).containsExactly(entry("a", "1"), entry("c", "3"));
    }

    @Test
    void manyAttributesAreAllKept() {
        FlagContext.Builder builder = FlagContext.builder("user-1");
        Map<String, Object> expected = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            builder.set("attribute-" + i, (long) i);
            expected.put("attribute-" + i, (long) i);
        }

        assertThat(builder.build().attributes()).containsExactlyEntriesOf(expected);
    }

    @Test
    void changingTheBuilderAfterBuildLeavesTheBuiltContextAsItWas() {
        FlagContext.Builder builder = FlagContext.builder("user-1").set("country", "NL");
        FlagContext first = builder.build();

        builder.set("country", "DE").set("plan", "pro");
        FlagContext second = builder.build();
        builder.set("plan", (String) null);

        assertThat(first.attributes()).containsExactly(entry("country", "NL"));
        assertThat(second.attributes()).containsExactly(entry("country", "DE"), entry("plan", "pro"));
    }

    @Test
    void setAllCopiesTheAttributesButNotTheKey() {
        FlagContext other = FlagContext.builder("user-1").set("country", "NL").set("plan", "pro").build();

        FlagContext copy = FlagContext.builder("user-2").set("plan", "free").setAll(other).build();

        assertThat(copy.key()).isEqualTo("user-2");
        assertThat(copy.attributes()).containsExactly(entry("plan", "pro"), entry("country", "NL"));
    }

    @Test
    void contextsWithTheSameKeyAndAttributesAreEqual() {
        FlagContext a = FlagContext.builder("user-1").set("country", "NL").set("plan", "pro").build();
        FlagContext b = FlagContext.builder("user-1").set("country", "NL").set("plan", "pro").build();
        FlagContext other = FlagContext.builder("user-1").set("country", "DE").set("plan", "pro").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(other);
        assertThat(a.attributes()).isEqualTo(Map.of("country", "NL", "plan", "pro"));
        assertThat(FlagContext.of("user-1")).isEqualTo(FlagContext.builder("user-1").build());
    }

    @Test
    void theAttributesCannotBeChangedThroughTheMap() {
        FlagContext context = FlagContext.builder("user-1").set("country", "NL").build();

        assertThatThrownBy(() -> context.attributes().put("country", "DE"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> context.attributes().entrySet().iterator().next().setValue("DE"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theTargetingKeyCannotBeSetAsAnAttribute() {
        assertThatThrownBy(() -> FlagContext.builder("user-1").set("key", "user-2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targeting key");
    }

    @Test
    void itReadsWellInALogLine() {
        FlagContext context = FlagContext.builder("user-1").set("country", "NL").set("age", 42L).build();

        assertThat(context).hasToString("FlagContext[key=user-1, attributes={country=NL, age=42}]");
        assertThat(FlagContext.anonymous()).hasToString("FlagContext[key=null, attributes={}]");
    }

    @Test
    void instantsBeyondEpochMillisecondsAreAcceptedAndCompareAsTheFarFutureOrPast() {
        String document = """
                flags:
                  expired:
                    rules: [ { when: [ { attribute: expires, op: before, values: ["2026-01-01T00:00:00Z"] } ], serve: on } ]
                    default: { serve: off }
                """;
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document)).build()) {
            FlagContext never = FlagContext.builder("u").set("expires", Instant.MAX).build();
            FlagContext always = FlagContext.builder("u").set("expires", Instant.MIN).build();

            assertThat(never.get("expires")).isEqualTo(Instant.MAX);
            assertThat(flags.evaluateBoolean("expired", never, true).variant()).isEqualTo("off");
            assertThat(flags.evaluateBoolean("expired", always, false).variant()).isEqualTo("on");
        }
    }

    @Test
    void wholeBigIntegersAndBigDecimalsBeyondTwoToThe53CompareExactly() {
        String document = """
                flags:
                  vip:
                    rules: [ { when: [ { attribute: id, op: eq, values: [9007199254740993] } ], serve: on } ]
                    default: { serve: off }
                """;
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document)).build()) {
            assertThat(flags.isEnabled("vip", withId(new BigInteger("9007199254740993")))).isTrue();
            assertThat(flags.isEnabled("vip", withId(new BigDecimal("9007199254740993.000")))).isTrue();
            assertThat(flags.isEnabled("vip", withId(new AtomicLong(9007199254740993L)))).isTrue();
            assertThat(flags.isEnabled("vip", withId(new BigInteger("9007199254740992")))).isFalse();
            assertThat(flags.isEnabled("vip", withId(new BigDecimal("9007199254740992")))).isFalse();
            assertThat(flags.isEnabled("vip", withId(new BigDecimal("9007199254740993.5")))).isFalse();
        }
        assertThat(withId(new BigInteger("12")).get("id")).isEqualTo(new BigInteger("12"));
    }

    private static FlagContext withId(Number id) {
        return FlagContext.builder("u").setValue("id", id).build();
    }

    /**
     * Past a few attributes the builder and the context index names: every attribute of a large context is found,
     * replaced in place and removed. (Building 100,000 took minutes when each set scanned every name before.)
     */
    @Test
    void aLargeContextKeepsEveryAttributeFindableReplaceableAndRemovable() {
        int count = 100_000;
        FlagContext.Builder builder = FlagContext.builder("u");
        for (int i = 0; i < count; i++) {
            builder.set("header-" + i, "value-" + i);
        }
        builder.set("header-7", "replaced").set("header-99999", "replaced").set("header-3", (String) null);
        FlagContext context = builder.build();

        assertThat(context.attributes()).hasSize(count - 1);
        assertThat(context.get("header-7")).isEqualTo("replaced");
        assertThat(context.get("header-99999")).isEqualTo("replaced");
        assertThat(context.get("header-3")).isNull();
        assertThat(context.get("header-50000")).isEqualTo("value-50000");
        assertThat(context.attributes().keySet()).startsWith("header-0", "header-1", "header-2", "header-4");
        assertThat(FlagContext.builder("u").setAll(context).build()).isEqualTo(context);

        FlagContext readded = builder.set("header-3", "back").build();
        assertThat(readded.get("header-3")).isEqualTo("back");
        assertThat(readded.attributes()).hasSize(count);
        assertThat(context.get("header-3")).as("a built context never changes").isNull();
    }

    @Test
    void aRuleFindsItsAttributeInALargeContext() {
        String document = """
                flags:
                  dutch:
                    rules: [ { when: [ { attribute: country, op: eq, values: [NL] } ], serve: on } ]
                    default: { serve: off }
                """;
        FlagContext.Builder builder = FlagContext.builder("u");
        for (int i = 0; i < 1_000; i++) {
            builder.set("header-" + i, "value-" + i);
        }
        FlagContext dutch = builder.set("country", "NL").build();
        FlagContext german = builder.set("country", "DE").build();
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document)).build()) {
            assertThat(flags.isEnabled("dutch", dutch)).isTrue();
            assertThat(flags.isEnabled("dutch", german)).isFalse();
        }
    }
}
