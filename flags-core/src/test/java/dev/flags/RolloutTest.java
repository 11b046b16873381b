package dev.flags;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.common.hash.Hashing;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Percentage rollouts through the public API (DESIGN §4): sticky buckets, salts, {@code by}, three-decimal
 * weights, distribution, progressive ramps, and the details an evaluation reports.
 */
class RolloutTest {

    // ---------------------------------------------------------------- harness

    /** The documented recipe, computed independently with Guava's MurmurHash3. */
    static int referenceBucket(String salt, String value) {
        int h = Hashing.murmur3_32_fixed().hashBytes((salt + "." + value).getBytes(UTF_8)).asInt();
        return (int) (((h & 0xFFFF_FFFFL) * 100_000L) >>> 32);
    }

    static FeatureFlags client(FlagSource source) {
        return client(source, Clock.systemUTC());
    }

    static FeatureFlags client(FlagSource source, Clock clock) {
        return FeatureFlags.builder().source(source).clock(clock).build();
    }

    static FeatureFlags client(String document) {
        return client(FlagSources.inMemory(document));
    }

    static String fiftyFifty(String flag, String extra) {
        return """
                flags:
                  %s:
                    %s
                    default:
                      rollout: { on: 50, off: 50 }
                """.formatted(flag, extra);
    }

    static String rollout(int onPercent) {
        return """
                flags:
                  new-checkout:
                    default:
                      rollout: { on: %d, off: %d }
                """.formatted(onPercent, 100 - onPercent);
    }

    static List<String> users(int count) {
        return IntStream.range(0, count).mapToObj(i -> "user-" + i).toList();
    }

    static Set<String> usersWithVariant(FeatureFlags flags, String flag, List<String> users, String variant) {
        Set<String> with = new HashSet<>();
        for (String user : users) {
            if (variant.equals(flags.evaluateBoolean(flag, FlagContext.of(user), false).variant())) {
                with.add(user);
            }
        }
        return with;
    }

    /** The users of {@code before} missing from {@code after} (a set difference; AssertJ's containsAll is quadratic). */
    static Set<String> lost(Set<String> before, Set<String> after) {
        Set<String> lost = new HashSet<>(before);
        lost.removeAll(after);
        return lost;
    }

    /** The share of users served each variant, in percent. */
    static Map<String, Double> shares(FeatureFlags flags, String flag, List<String> users) {
        Map<String, Integer> counts = new HashMap<>();
        for (String user : users) {
            counts.merge(flags.evaluateObject(flag, FlagContext.of(user), "none").variant(), 1, Integer::sum);
        }
        Map<String, Double> shares = new HashMap<>();
        counts.forEach((variant, count) -> shares.put(variant, 100.0 * count / users.size()));
        return shares;
    }

    // ---------------------------------------------------------------- (a) pinned buckets and salts

    @ParameterizedTest(name = "{0} (bucket {1}) gets {2}")
    @CsvSource({
        "user-1, 5599, on",
        "user-2, 37628, on",
        "user-3, 89528, off",
        "user-4, 79000, off",
    })
    void aFiftyFiftyRolloutServesEachUserTheVariantOfTheirKnownBucket(String user, int bucket, String variant) {
        assertThat(referenceBucket("new-checkout", user)).as("the documented recipe").isEqualTo(bucket);

        try (FeatureFlags flags = client(rollout(50))) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of(user), false))
                    .returns(variant.equals("on"), Evaluation::value)
                    .returns(variant, Evaluation::variant)
                    .returns(Reason.SPLIT, Evaluation::reason)
                    .returns(null, Evaluation::errorCode);
        }
    }

    @Test
    void everyUserGetsTheVariantOfTheirBucketUnderTheFlagKey() {
        try (FeatureFlags flags = client(rollout(50))) {
            for (String user : users(2_000)) {
                assertThat(flags.isEnabled("new-checkout", FlagContext.of(user)))
                        .as(user).isEqualTo(referenceBucket("new-checkout", user) < 50_000);
            }
        }
    }

    @Test
    void theSaltChangesTheAssignment() {
        // Under salt checkout-v2: user-1 -> 83370, user-4 -> 26062.
        try (FeatureFlags flags = client(fiftyFifty("new-checkout", "salt: checkout-v2"))) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), true).variant()).isEqualTo("off");
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-4"), false).variant()).isEqualTo("on");
            for (String user : users(2_000)) {
                assertThat(flags.isEnabled("new-checkout", FlagContext.of(user)))
                        .as(user).isEqualTo(referenceBucket("checkout-v2", user) < 50_000);
            }
        }
    }

    @Test
    void flagsSharingASaltBucketAlike() {
        String document = """
                flags:
                  checkout-page:
                    salt: checkout
                    default: { rollout: { on: 30, off: 70 } }
                  checkout-emails:
                    salt: checkout
                    default: { rollout: { on: 30, off: 70 } }
                """;
        List<String> users = users(5_000);

        try (FeatureFlags flags = client(document)) {
            assertThat(usersWithVariant(flags, "checkout-emails", users, "on"))
                    .isEqualTo(usersWithVariant(flags, "checkout-page", users, "on"))
                    .hasSizeBetween(1_300, 1_700);
        }
    }

    @Test
    void flagsWithTheirOwnSaltsBucketIndependently() {
        String document = """
                flags:
                  checkout-page:
                    default: { rollout: { on: 30, off: 70 } }
                  checkout-emails:
                    default: { rollout: { on: 30, off: 70 } }
                """;
        List<String> users = users(5_000);

        try (FeatureFlags flags = client(document)) {
            Set<String> page = usersWithVariant(flags, "checkout-page", users, "on");
            Set<String> both = new HashSet<>(page);
            both.retainAll(usersWithVariant(flags, "checkout-emails", users, "on"));
            // Independent 30% draws overlap on about 9% of users, not 30%.
            assertThat(both.size() * 100.0 / users.size()).isCloseTo(9.0, within(2.0));
        }
    }

    // ---------------------------------------------------------------- (b) stickiness

    @Test
    void raisingTheRolloutKeepsEveryoneWhoHadIt() {
        List<String> users = users(10_000);
        InMemoryFlagSource source = FlagSources.inMemory(rollout(10));

        try (FeatureFlags flags = client(source)) {
            Set<String> atTen = usersWithVariant(flags, "new-checkout", users, "on");
            source.update(rollout(20));
            Set<String> atTwenty = usersWithVariant(flags, "new-checkout", users, "on");
            source.update(rollout(50));
            Set<String> atFifty = usersWithVariant(flags, "new-checkout", users, "on");
            source.update(rollout(100));
            Set<String> atHundred = usersWithVariant(flags, "new-checkout", users, "on");

            assertThat(atTen).hasSizeBetween(800, 1_200);
            assertThat(lost(atTen, atTwenty)).isEmpty();
            assertThat(atTwenty).hasSizeBetween(1_800, 2_200);
            assertThat(lost(atTwenty, atFifty)).isEmpty();
            assertThat(atFifty).hasSizeBetween(4_800, 5_200);
            assertThat(atHundred).hasSize(users.size());
        }
    }

    @Test
    void loweringTheRolloutTurnsOffOnlyUsersBeyondTheNewPercentage() {
        List<String> users = users(10_000);
        InMemoryFlagSource source = FlagSources.inMemory(rollout(50));

        try (FeatureFlags flags = client(source)) {
            Set<String> atFifty = usersWithVariant(flags, "new-checkout", users, "on");
            source.update(rollout(20));
            Set<String> atTwenty = usersWithVariant(flags, "new-checkout", users, "on");
            source.update(rollout(0));

            assertThat(lost(atTwenty, atFifty)).isEmpty();
            assertThat(atTwenty).hasSizeLessThan(atFifty.size());
            assertThat(usersWithVariant(flags, "new-checkout", users, "on")).isEmpty();
        }
    }

    @Test
    void aUserGetsTheSameVariantOnEveryEvaluation() {
        try (FeatureFlags flags = client(rollout(50))) {
            for (String user : users(200)) {
                boolean first = flags.isEnabled("new-checkout", FlagContext.of(user));
                for (int i = 0; i < 5; i++) {
                    assertThat(flags.isEnabled("new-checkout", FlagContext.builder(user).set("visit", (long) i).build()))
                            .as(user).isEqualTo(first);
                }
            }
        }
    }

    // ---------------------------------------------------------------- (c) distribution

    @Test
    void aFiftyFiftyRolloutSplitsUsersEvenly() {
        try (FeatureFlags flags = client(rollout(50))) {
            Map<String, Double> shares = shares(flags, "new-checkout", users(100_000));

            assertThat(shares.get("on")).isBetween(49.0, 51.0);
            assertThat(shares.get("off")).isBetween(49.0, 51.0);
        }
    }

    @Test
    void aThreeWaySplitServesEachVariantItsWeight() {
        String document = """
                flags:
                  button-color:
                    variants: { red: "#f00", green: "#0f0", blue: "#00f" }
                    default:
                      rollout: { red: 20, green: 30, blue: 50 }
                """;

        try (FeatureFlags flags = client(document)) {
            Map<String, Double> shares = shares(flags, "button-color", users(100_000));

            assertThat(shares.keySet()).containsExactlyInAnyOrder("red", "green", "blue");
            assertThat(shares.get("red")).isCloseTo(20.0, within(1.0));
            assertThat(shares.get("green")).isCloseTo(30.0, within(1.0));
            assertThat(shares.get("blue")).isCloseTo(50.0, within(1.0));
        }
    }

    @Test
    void variantsTakeContiguousBucketRangesInDeclarationOrder() {
        String document = """
                flags:
                  button-color:
                    variants: { red: "#f00", green: "#0f0", blue: "#00f" }
                    default:
                      rollout: { red: 20, green: 30, blue: 50 }
                """;

        try (FeatureFlags flags = client(document)) {
            for (String user : users(3_000)) {
                int bucket = referenceBucket("button-color", user);
                String expected = bucket < 20_000 ? "red" : bucket < 50_000 ? "green" : "blue";
                assertThat(flags.evaluateString("button-color", FlagContext.of(user), "none").variant())
                        .as("%s in bucket %d", user, bucket).isEqualTo(expected);
            }
        }
    }

    @Test
    void aVariantWithWeightZeroIsNeverServed() {
        String document = """
                flags:
                  button-color:
                    variants: { red: "#f00", green: "#0f0", blue: "#00f" }
                    default:
                      rollout: { red: 0, green: 100, blue: 0 }
                """;

        try (FeatureFlags flags = client(document)) {
            assertThat(shares(flags, "button-color", users(10_000))).containsOnlyKeys("green");
        }
    }

    // ---------------------------------------------------------------- (d) three decimals

    static String tinyRollout(String on, String off) {
        return """
                flags:
                  tiny-rollout:
                    default:
                      rollout: { on: %s, off: %s }
                """.formatted(on, off);
    }

    @Test
    void aWeightOfOneThousandthOfAPercentIsOneBucket() {
        // Under salt tiny-rollout: user-102909 -> bucket 0, user-645 -> bucket 1, user-80040 -> bucket 2.
        assertThat(List.of(referenceBucket("tiny-rollout", "user-102909"), referenceBucket("tiny-rollout", "user-645"),
                referenceBucket("tiny-rollout", "user-80040"))).as("the documented recipe").containsExactly(0, 1, 2);

        try (FeatureFlags flags = client(tinyRollout("0.001", "99.999"))) {
            assertThat(flags.isEnabled("tiny-rollout", FlagContext.of("user-102909"))).isTrue();
            assertThat(flags.isEnabled("tiny-rollout", FlagContext.of("user-645"))).isFalse();
        }
        try (FeatureFlags flags = client(tinyRollout("0.002", "99.998"))) {
            assertThat(flags.isEnabled("tiny-rollout", FlagContext.of("user-102909"))).isTrue();
            assertThat(flags.isEnabled("tiny-rollout", FlagContext.of("user-645"))).isTrue();
            assertThat(flags.isEnabled("tiny-rollout", FlagContext.of("user-80040"))).isFalse();
        }
    }

    @Test
    void weightsWithThreeDecimalsSplitAsWritten() {
        String document = """
                flags:
                  button-color:
                    variants: { red: "#f00", green: "#0f0", blue: "#00f" }
                    default:
                      rollout: { red: 33.333, green: 33.333, blue: 33.334 }
                """;

        try (FeatureFlags flags = client(document)) {
            for (String user : users(3_000)) {
                int bucket = referenceBucket("button-color", user);
                String expected = bucket < 33_333 ? "red" : bucket < 66_666 ? "green" : "blue";
                assertThat(flags.evaluateString("button-color", FlagContext.of(user), "none").variant())
                        .as("%s in bucket %d", user, bucket).isEqualTo(expected);
            }
        }
    }

    // ---------------------------------------------------------------- (e) by, and a missing value to hash

    static final String BY_USER_ID = """
            flags:
              new-checkout:
                default:
                  rollout: { on: 50, off: 50 }
                  by: userId
            """;

    @Test
    void byHashesTheNamedAttributeInsteadOfTheTargetingKey() {
        try (FeatureFlags flags = client(BY_USER_ID)) {
            // The key user-3 alone would be off (bucket 89528); userId user-1 is in bucket 5599.
            assertThat(flags.evaluateBoolean("new-checkout",
                    FlagContext.builder("user-3").set("userId", "user-1").build(), false))
                    .returns(true, Evaluation::value)
                    .returns(Reason.SPLIT, Evaluation::reason);
            assertThat(flags.isEnabled("new-checkout", FlagContext.builder("user-1").set("userId", "user-3").build()))
                    .isFalse();
        }
    }

    @Test
    void contextsSharingTheByAttributeGetTheSameVariantWhateverTheirKey() {
        try (FeatureFlags flags = client(BY_USER_ID)) {
            for (String user : users(1_000)) {
                boolean expected = referenceBucket("new-checkout", user) < 50_000;
                for (String device : List.of("phone", "laptop", "tablet")) {
                    assertThat(flags.isEnabled("new-checkout",
                            FlagContext.builder(device + "-of-" + user).set("userId", user).build()))
                            .as("%s on %s", user, device).isEqualTo(expected);
                }
                assertThat(flags.isEnabled("new-checkout", FlagContext.builder(null).set("userId", user).build()))
                        .as("%s without a key", user).isEqualTo(expected);
            }
        }
    }

    @Test
    void byHashesTheTextOfANumberAttribute() {
        try (FeatureFlags flags = client(BY_USER_ID)) {
            for (long id = 1_000; id < 3_000; id++) {
                assertThat(flags.isEnabled("new-checkout", FlagContext.builder("k").set("userId", id).build()))
                        .as("userId %d", id).isEqualTo(referenceBucket("new-checkout", Long.toString(id)) < 50_000);
            }
        }
    }

    @Test
    void aRolloutServesTheCallersDefaultWithTargetingKeyMissingForAnAnonymousContext() {
        try (FeatureFlags flags = client(rollout(50))) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.anonymous(), true))
                    .returns(true, Evaluation::value)
                    .returns(null, Evaluation::variant)
                    .returns(Reason.ERROR, Evaluation::reason)
                    .returns(ErrorCode.TARGETING_KEY_MISSING, Evaluation::errorCode);
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.anonymous(), false))
                    .returns(false, Evaluation::value)
                    .returns(ErrorCode.TARGETING_KEY_MISSING, Evaluation::errorCode);
            assertThat(flags.isEnabled("new-checkout", FlagContext.builder(null).set("country", "NL").build()))
                    .isFalse();
        }
    }

    @Test
    void aRolloutByAnAttributeTheContextLacksServesTheCallersDefaultWithTargetingKeyMissing() {
        try (FeatureFlags flags = client(BY_USER_ID)) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), true))
                    .returns(true, Evaluation::value)
                    .returns(null, Evaluation::variant)
                    .returns(Reason.ERROR, Evaluation::reason)
                    .returns(ErrorCode.TARGETING_KEY_MISSING, Evaluation::errorCode);
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), true).errorMessage())
                    .contains("userId");
        }
    }

    @Test
    void aStringFlagsRolloutWithoutAKeyServesTheCallersDefault() {
        String document = """
                flags:
                  button-color:
                    variants: { red: "#f00", blue: "#00f" }
                    default:
                      rollout: { red: 50, blue: 50 }
                """;

        try (FeatureFlags flags = client(document)) {
            assertThat(flags.getString("button-color", FlagContext.anonymous(), "black")).isEqualTo("black");
            assertThat(flags.evaluateString("button-color", FlagContext.anonymous(), "black").errorCode())
                    .isEqualTo(ErrorCode.TARGETING_KEY_MISSING);
        }
    }

    @Test
    void aContextWithoutAKeyStillGetsRulesThatServeAFixedVariant() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: country, op: eq, values: [NL] } ]
                        serve: on
                    default:
                      rollout: { on: 50, off: 50 }
                """;

        try (FeatureFlags flags = client(document)) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.builder(null).set("country", "NL").build(), false))
                    .returns(true, Evaluation::value)
                    .returns(Reason.TARGETING_MATCH, Evaluation::reason);
        }
    }

    // ---------------------------------------------------------------- (f) ramps

    static final Instant RAMP_START = Instant.parse("2026-12-01T00:00:00Z");
    static final Instant RAMP_END = Instant.parse("2026-12-09T00:00:00Z");

    static final String RAMP = """
            flags:
              new-checkout:
                default:
                  rollout: { on: 10, off: 90 }
                  ramp: { variant: on, from: 10, to: 90, start: "2026-12-01T00:00:00Z", end: "2026-12-09T00:00:00Z" }
            """;

    static double percentOn(FeatureFlags flags, List<String> users) {
        return 100.0 * usersWithVariant(flags, "new-checkout", users, "on").size() / users.size();
    }

    @Test
    void aRampServesItsFromPercentageBeforeItStarts() {
        MutableClock clock = new MutableClock(RAMP_START.minusSeconds(86_400));

        try (FeatureFlags flags = client(FlagSources.inMemory(RAMP), clock)) {
            assertThat(percentOn(flags, users(20_000))).isCloseTo(10.0, within(1.0));
            clock.set(RAMP_START);
            assertThat(percentOn(flags, users(20_000))).isCloseTo(10.0, within(1.0));
        }
    }

    @Test
    void aRampIsHalfwayAtItsMidpoint() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-05T00:00:00Z"));

        try (FeatureFlags flags = client(FlagSources.inMemory(RAMP), clock)) {
            assertThat(percentOn(flags, users(20_000))).isCloseTo(50.0, within(1.0));
        }
    }

    @Test
    void aRampMovesLinearlyBetweenItsStartAndEnd() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-03T00:00:00Z"));

        try (FeatureFlags flags = client(FlagSources.inMemory(RAMP), clock)) {
            assertThat(percentOn(flags, users(20_000))).isCloseTo(30.0, within(1.0));
            clock.set(Instant.parse("2026-12-07T00:00:00Z"));
            assertThat(percentOn(flags, users(20_000))).isCloseTo(70.0, within(1.0));
        }
    }

    @Test
    void aRampServesItsToPercentageAfterItEnds() {
        MutableClock clock = new MutableClock(RAMP_END);

        try (FeatureFlags flags = client(FlagSources.inMemory(RAMP), clock)) {
            assertThat(percentOn(flags, users(20_000))).isCloseTo(90.0, within(1.0));
            clock.set(RAMP_END.plusSeconds(30 * 86_400));
            assertThat(percentOn(flags, users(20_000))).isCloseTo(90.0, within(1.0));
        }
    }

    @Test
    void usersWhoGotTheRampedVariantKeepItAsTheRampGoesOn() {
        List<String> users = users(20_000);
        MutableClock clock = new MutableClock(RAMP_START.minusSeconds(3_600));

        try (FeatureFlags flags = client(FlagSources.inMemory(RAMP), clock)) {
            Set<String> before = usersWithVariant(flags, "new-checkout", users, "on");
            for (Instant now = RAMP_START; !now.isAfter(RAMP_END.plusSeconds(86_400)); now = now.plusSeconds(43_200)) {
                clock.set(now);
                Set<String> current = usersWithVariant(flags, "new-checkout", users, "on");
                assertThat(lost(before, current)).as("lost at %s", now).isEmpty();
                before = current;
            }
            assertThat(before.size()).isGreaterThan(17_000);
        }
    }

    @Test
    void aRampedEvaluationReportsASplit() {
        try (FeatureFlags flags = client(FlagSources.inMemory(RAMP), new MutableClock(Instant.parse("2026-12-05T00:00:00Z")))) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), false))
                    .returns(true, Evaluation::value)
                    .returns(Reason.SPLIT, Evaluation::reason);
        }
    }

    @Test
    void theOtherVariantsShareTheRestOfARampInTheirDeclaredProportions() {
        String document = """
                flags:
                  checkout-layout:
                    variants: { treatment: "one-page", classic: "three-step", compact: "two-step" }
                    default:
                      rollout: { treatment: 10, classic: 30, compact: 60 }
                      ramp: { variant: treatment, from: 10, to: 55, start: "2026-12-01T00:00:00Z", end: "2026-12-09T00:00:00Z" }
                """;
        MutableClock clock = new MutableClock(RAMP_END);

        try (FeatureFlags flags = client(FlagSources.inMemory(document), clock)) {
            Map<String, Double> shares = shares(flags, "checkout-layout", users(20_000));

            assertThat(shares.get("treatment")).isCloseTo(55.0, within(1.0));
            assertThat(shares.get("classic")).isCloseTo(15.0, within(1.0));
            assertThat(shares.get("compact")).isCloseTo(30.0, within(1.0));
        }
    }

    @Test
    void aRampFollowsTheClockGivenToTheClient() {
        try (FeatureFlags early = client(FlagSources.inMemory(RAMP), Clock.fixed(RAMP_START, ZoneOffset.UTC));
                FeatureFlags late = client(FlagSources.inMemory(RAMP), Clock.fixed(RAMP_END, ZoneOffset.UTC))) {
            List<String> users = users(20_000);

            assertThat(percentOn(early, users)).isCloseTo(10.0, within(1.0));
            assertThat(percentOn(late, users)).isCloseTo(90.0, within(1.0));
        }
    }

    // ---------------------------------------------------------------- (g) evaluation details

    static final String RULES = """
            flags:
              new-checkout:
                rules:
                  - name: staff
                    when: [ { attribute: staff, op: eq, values: [true] } ]
                    serve: on
                  - name: dutch users
                    when: [ { attribute: country, op: eq, values: [NL] } ]
                    rollout: { on: 50, off: 50 }
                  - when: [ { attribute: country, op: eq, values: [BE] } ]
                    rollout: { on: 50, off: 50 }
                default:
                  rollout: { on: 50, off: 50 }
            """;

    @Test
    void aRulesRolloutReportsSplitWithTheRulesIndexAndName() {
        try (FeatureFlags flags = client(RULES)) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.builder("user-1").set("country", "NL").build(),
                    false))
                    .returns(true, Evaluation::value)
                    .returns("on", Evaluation::variant)
                    .returns(Reason.SPLIT, Evaluation::reason)
                    .returns(1, Evaluation::ruleIndex)
                    .returns("dutch users", Evaluation::ruleName)
                    .returns(null, Evaluation::errorCode);
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.builder("user-3").set("country", "NL").build(),
                    true))
                    .returns(false, Evaluation::value)
                    .returns("off", Evaluation::variant)
                    .returns(Reason.SPLIT, Evaluation::reason)
                    .returns(1, Evaluation::ruleIndex)
                    .returns("dutch users", Evaluation::ruleName);
        }
    }

    @Test
    void anUnnamedRulesRolloutReportsItsIndexWithoutAName() {
        try (FeatureFlags flags = client(RULES)) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.builder("user-1").set("country", "BE").build(),
                    false))
                    .returns(Reason.SPLIT, Evaluation::reason)
                    .returns(2, Evaluation::ruleIndex)
                    .returns(null, Evaluation::ruleName);
        }
    }

    @Test
    void theDefaultsRolloutReportsSplitWithoutARule() {
        try (FeatureFlags flags = client(RULES)) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), false))
                    .returns(true, Evaluation::value)
                    .returns("on", Evaluation::variant)
                    .returns(Reason.SPLIT, Evaluation::reason)
                    .returns(-1, Evaluation::ruleIndex)
                    .returns(null, Evaluation::ruleName);
        }
    }

    @Test
    void aRuleServingOneVariantReportsATargetingMatchNotASplit() {
        try (FeatureFlags flags = client(RULES)) {
            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.builder("user-3").set("staff", true).build(),
                    false))
                    .returns(true, Evaluation::value)
                    .returns(Reason.TARGETING_MATCH, Evaluation::reason)
                    .returns(0, Evaluation::ruleIndex)
                    .returns("staff", Evaluation::ruleName);
        }
    }

    @Test
    void variantNamesTheVariantARolloutServed() {
        String document = """
                flags:
                  button-color:
                    variants: { treatment: "#00ff00", control: "#0000ff" }
                    default:
                      rollout: { treatment: 50, control: 50 }
                """;

        try (FeatureFlags flags = client(document)) {
            Set<String> served = new HashSet<>();
            for (String user : users(200)) {
                Evaluation<String> evaluation = flags.evaluateString("button-color", FlagContext.of(user), "none");
                String expected = referenceBucket("button-color", user) < 50_000 ? "treatment" : "control";

                assertThat(evaluation.variant()).as(user).isEqualTo(expected);
                assertThat(evaluation.value()).as(user).isEqualTo(expected.equals("treatment") ? "#00ff00" : "#0000ff");
                assertThat(evaluation.reason()).isEqualTo(Reason.SPLIT);
                served.add(evaluation.variant());
            }
            assertThat(served).containsExactlyInAnyOrder("treatment", "control");
        }
    }
}
