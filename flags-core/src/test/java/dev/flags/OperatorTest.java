package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every condition operator of the flag document (DESIGN §4), evaluated through the public API: a flag whose only
 * rule serves {@code on} when its condition holds ({@link Reason#TARGETING_MATCH}) and whose default serves
 * {@code off} ({@link Reason#DEFAULT}), in a client whose clock stands still at {@link #NOW}.
 */
class OperatorTest {

    static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** 2026-01-01T00:00:00Z in epoch milliseconds. */
    static final long NEW_YEAR_MILLIS = 1_767_225_600_000L;

    static final String SEGMENTS = """
            segments:
              beta-testers:
                include: [user-1, user-2, user-3]
                exclude: [user-3]
                when:
                  - { attribute: email, op: endsWith, values: ["@example.com"] }
              admins:
                include: [admin-1]
              dutch-pros:
                when:
                  - { attribute: country, op: eq, values: [NL] }
                  - { attribute: plan, op: eq, values: [pro] }
              nobody: {}
            """;

    // ---------------------------------------------------------------- harness

    /** The document of a flag {@code f} whose one rule has these conditions (YAML flow maps, one per entry). */
    static String document(String segments, String... conditions) {
        StringBuilder document = new StringBuilder(segments).append("""
                flags:
                  f:
                    rules:
                      - name: the rule
                        when:
                """);
        for (String condition : conditions) {
            document.append("          - ").append(condition).append('\n');
        }
        return document.append("""
                        serve: on
                    default: { serve: off }
                """).toString();
    }

    static Evaluation<Boolean> evaluate(FlagContext context, String... conditions) {
        return evaluateWithSegments("", context, conditions);
    }

    static Evaluation<Boolean> evaluateWithSegments(String segments, FlagContext context, String... conditions) {
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.inMemory(document(segments, conditions)))
                .clock(CLOCK)
                .build()) {
            return flags.evaluateBoolean("f", context, false);
        }
    }

    static void assertMatches(Evaluation<Boolean> evaluation) {
        assertThat(evaluation)
                .returns(true, Evaluation::value)
                .returns("on", Evaluation::variant)
                .returns(Reason.TARGETING_MATCH, Evaluation::reason)
                .returns(0, Evaluation::ruleIndex)
                .returns(null, Evaluation::errorCode);
    }

    static void assertDoesNotMatch(Evaluation<Boolean> evaluation) {
        assertThat(evaluation)
                .returns(false, Evaluation::value)
                .returns("off", Evaluation::variant)
                .returns(Reason.DEFAULT, Evaluation::reason)
                .returns(-1, Evaluation::ruleIndex)
                .returns(null, Evaluation::errorCode);
    }

    static void assertMatches(String condition, FlagContext context) {
        assertMatches(evaluate(context, condition));
    }

    static void assertDoesNotMatch(String condition, FlagContext context) {
        assertDoesNotMatch(evaluate(context, condition));
    }

    /** A context for user-42 with one attribute, set through {@link FlagContext.Builder#setValue}. */
    static FlagContext with(String name, Object value) {
        return FlagContext.builder("user-42").setValue(name, value).build();
    }

    static FlagContext user(String key) {
        return FlagContext.of(key);
    }

    static final FlagContext NO_ATTRIBUTES = FlagContext.of("user-42");

    // ---------------------------------------------------------------- the harness itself

    @Test
    void aContextMatchingTheConditionGetsTheRuleAndOthersTheDefault() {
        Evaluation<Boolean> match = evaluate(with("country", "NL"), "{ attribute: country, op: eq, values: [NL] }");
        Evaluation<Boolean> other = evaluate(with("country", "DE"), "{ attribute: country, op: eq, values: [NL] }");

        assertMatches(match);
        assertThat(match.ruleName()).isEqualTo("the rule");
        assertDoesNotMatch(other);
    }

    @Test
    void aRuleMatchesOnlyWhenAllItsConditionsHold() {
        String country = "{ attribute: country, op: eq, values: [NL] }";
        String plan = "{ attribute: plan, op: eq, values: [pro] }";

        assertMatches(evaluate(FlagContext.builder("u").set("country", "NL").set("plan", "pro").build(), country, plan));
        assertDoesNotMatch(evaluate(FlagContext.builder("u").set("country", "NL").set("plan", "free").build(),
                country, plan));
        assertDoesNotMatch(evaluate(FlagContext.builder("u").set("country", "NL").build(), country, plan));
    }

    // ---------------------------------------------------------------- eq, neq, in, notIn

    @Test
    void eqMatchesTheSameTextOnly() {
        assertMatches("{ attribute: country, op: eq, values: [NL] }", with("country", "NL"));
        assertDoesNotMatch("{ attribute: country, op: eq, values: [NL] }", with("country", "DE"));
        assertDoesNotMatch("{ attribute: country, op: eq, values: [NL] }", with("country", "NLD"));
        assertDoesNotMatch("{ attribute: country, op: eq, values: [NL] }", with("country", " NL"));
    }

    @Test
    void eqComparesTextCaseSensitively() {
        assertDoesNotMatch("{ attribute: country, op: eq, values: [NL] }", with("country", "nl"));
    }

    @Test
    void eqWithSeveralValuesMatchesWhenAnyDoes() {
        String condition = "{ attribute: country, op: eq, values: [BE, NL, LU] }";

        assertMatches(condition, with("country", "NL"));
        assertMatches(condition, with("country", "LU"));
        assertDoesNotMatch(condition, with("country", "DE"));
    }

    @Test
    void eqWithNegateMatchesEveryOtherValue() {
        String condition = "{ attribute: country, op: eq, values: [NL], negate: true }";

        assertMatches(condition, with("country", "DE"));
        assertDoesNotMatch(condition, with("country", "NL"));
    }

    @Test
    void neqMatchesAnyOtherValue() {
        assertMatches("{ attribute: country, op: neq, values: [NL] }", with("country", "DE"));
        assertDoesNotMatch("{ attribute: country, op: neq, values: [NL] }", with("country", "NL"));
    }

    @Test
    void neqWithSeveralValuesMatchesOnlyWhenTheAttributeEqualsNone() {
        String condition = "{ attribute: country, op: neq, values: [NL, BE] }";

        assertMatches(condition, with("country", "DE"));
        assertDoesNotMatch(condition, with("country", "BE"));
    }

    @Test
    void inMatchesAListedValueOnly() {
        String condition = "{ attribute: plan, op: in, values: [pro, enterprise] }";

        assertMatches(condition, with("plan", "enterprise"));
        assertDoesNotMatch(condition, with("plan", "free"));
        assertDoesNotMatch(condition, with("plan", "Pro"));
    }

    @Test
    void inWithManyValuesMatchesAListedValueOnly() {
        String condition = "{ attribute: country, op: in, values: [NL, BE, LU, DE, FR, AT, CH] }";

        assertMatches(condition, with("country", "CH"));
        assertMatches(condition, with("country", "NL"));
        assertDoesNotMatch(condition, with("country", "IT"));
        assertDoesNotMatch(condition, with("country", "ch"));
    }

    @Test
    void inWithManyValuesAndIgnoreCaseMatchesAnyCase() {
        String condition = "{ attribute: country, op: in, values: [NL, BE, LU, DE, FR, AT], ignoreCase: true }";

        assertMatches(condition, with("country", "at"));
        assertDoesNotMatch(condition, with("country", "it"));
    }

    @Test
    void inToleratesAValueListedTwice() {
        String condition = "{ attribute: country, op: in, values: [NL, BE, LU, DE, NL] }";

        assertThatCode(() -> FlagSources.inMemory(document("", condition))).doesNotThrowAnyException();
        assertMatches(condition, with("country", "NL"));
        assertDoesNotMatch(condition, with("country", "FR"));
    }

    @Test
    void notInMatchesAnUnlistedValueOnly() {
        String condition = "{ attribute: plan, op: notIn, values: [free, trial] }";

        assertMatches(condition, with("plan", "pro"));
        assertDoesNotMatch(condition, with("plan", "trial"));
    }

    @Test
    void notInWithManyValuesMatchesAnUnlistedValueOnly() {
        String condition = "{ attribute: country, op: notIn, values: [NL, BE, LU, DE, FR, AT] }";

        assertMatches(condition, with("country", "IT"));
        assertDoesNotMatch(condition, with("country", "LU"));
    }

    @Test
    void eqComparesBooleansAsBooleans() {
        assertMatches("{ attribute: beta, op: eq, values: [true] }", with("beta", true));
        assertDoesNotMatch("{ attribute: beta, op: eq, values: [true] }", with("beta", false));
        assertMatches("{ attribute: beta, op: eq, values: [false] }", with("beta", false));
    }

    @Test
    void eqDoesNotTakeABooleanForTheNumbersOneOrZero() {
        assertDoesNotMatch("{ attribute: beta, op: eq, values: [1] }", with("beta", true));
        assertDoesNotMatch("{ attribute: beta, op: eq, values: [true] }", with("beta", 1L));
    }

    /** A number in the document against every attribute spelling; text in the document against numbers. */
    static Stream<Arguments> eighteenInEverySpelling() {
        List<Object> numbers = List.of(18L, 18, 18.0d, 18.0f);
        List<Object> texts = List.of("18", "18.0", "1.8e1");
        Stream<Arguments> numberValues = Stream.of("18", "18.0", "1.8e1").flatMap(value ->
                Stream.concat(numbers.stream(), texts.stream()).map(attribute -> Arguments.of(value, attribute)));
        Stream<Arguments> textValues = Stream.of("\"18\"", "\"18.0\"").flatMap(value ->
                numbers.stream().map(attribute -> Arguments.of(value, attribute)));
        return Stream.concat(numberValues, textValues)
                .map(arguments -> Arguments.of(arguments.get()[0], arguments.get()[1],
                        arguments.get()[1].getClass().getSimpleName()));
    }

    @ParameterizedTest(name = "values: [{0}] against {2} {1}")
    @MethodSource("eighteenInEverySpelling")
    void eqComparesNumbersAsNumbersWhateverTheirSpelling(String value, Object attribute, String type) {
        assertMatches("{ attribute: age, op: eq, values: [" + value + "] }", with("age", attribute));
    }

    @ParameterizedTest(name = "values: [{0}]")
    @ValueSource(strings = {"18", "18.0", "\"18\"", "\"18.0\"", "1.8e1"})
    void eqDoesNotMatchAnotherNumberWhateverTheSpelling(String value) {
        assertDoesNotMatch("{ attribute: age, op: eq, values: [" + value + "] }", with("age", 19L));
        assertDoesNotMatch("{ attribute: age, op: eq, values: [" + value + "] }", with("age", 18.5d));
    }

    @Test
    void eqComparesTextWithTextExactlyEvenWhenBothLookLikeNumbers() {
        // A build "1.10" is not build "1.1", and postcode "01000" is not "1000".
        assertDoesNotMatch("{ attribute: build, op: eq, values: [\"1.10\"] }", with("build", "1.1"));
        assertDoesNotMatch("{ attribute: postcode, op: in, values: [\"01000\"] }", with("postcode", "1000"));
        assertMatches("{ attribute: postcode, op: in, values: [\"01000\"] }", with("postcode", "01000"));
    }

    @Test
    void eqDoesNotTakeANumberForTextThatIsNoNumber() {
        assertDoesNotMatch("{ attribute: age, op: eq, values: [18] }", with("age", "eighteen"));
        assertDoesNotMatch("{ attribute: age, op: eq, values: [18] }", with("age", "18 years"));
    }

    @Test
    void eqDistinguishesLongsBeyondTheDoublePrecision() {
        // 2^53 + 1 and 2^53 are different account ids, though the nearest doubles are the same.
        assertDoesNotMatch("{ attribute: accountId, op: eq, values: [9007199254740993] }",
                with("accountId", 9_007_199_254_740_992L));
        assertMatches("{ attribute: accountId, op: eq, values: [9007199254740993] }",
                with("accountId", 9_007_199_254_740_993L));
    }

    @Test
    void inComparesNumbersAsNumbers() {
        String condition = "{ attribute: tier, op: in, values: [1, 2, \"3\"] }";

        assertMatches(condition, with("tier", "2"));
        assertMatches(condition, with("tier", 3L));
        assertMatches(condition, with("tier", 1.0d));
        assertDoesNotMatch(condition, with("tier", 4L));
    }

    @Test
    void notInComparesNumbersAsNumbers() {
        String condition = "{ attribute: tier, op: notIn, values: [1, 2] }";

        assertDoesNotMatch(condition, with("tier", "2"));
        assertDoesNotMatch(condition, with("tier", 2.0d));
        assertMatches(condition, with("tier", 3L));
    }

    // ---------------------------------------------------------------- text operators

    @Test
    void startsWithMatchesAPrefixOnly() {
        String condition = "{ attribute: email, op: startsWith, values: [admin@] }";

        assertMatches(condition, with("email", "admin@example.com"));
        assertMatches(condition, with("email", "admin@"));
        assertDoesNotMatch(condition, with("email", "sysadmin@example.com"));
        assertDoesNotMatch(condition, with("email", "admin"));
    }

    @Test
    void endsWithMatchesASuffixOnly() {
        String condition = "{ attribute: email, op: endsWith, values: [\"@example.com\"] }";

        assertMatches(condition, with("email", "ann@example.com"));
        assertDoesNotMatch(condition, with("email", "ann@example.com.evil.org"));
        assertDoesNotMatch(condition, with("email", "example.com"));
    }

    @Test
    void containsMatchesASubstringAnywhere() {
        String condition = "{ attribute: userAgent, op: contains, values: [Firefox] }";

        assertMatches(condition, with("userAgent", "Mozilla/5.0 (X11; Linux) Gecko Firefox/128.0"));
        assertMatches(condition, with("userAgent", "Firefox"));
        assertDoesNotMatch(condition, with("userAgent", "Mozilla/5.0 Chrome/126.0"));
        assertDoesNotMatch(condition, with("userAgent", "Fire"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "startsWith, ann@, ann@example.com, bob@example.com",
        "endsWith, .nl, ann@example.nl, ann@example.de",
        "contains, beta, app-beta-3, app-stable-3",
        "matches, ^v2, v2.4.1, v1.9.0",
    })
    void textOperatorsMatchWhenAnyOfSeveralValuesDoes(String op, String listed, String matching, String other) {
        String condition = "{ attribute: a, op: " + op + ", values: [zzz, \"" + listed + "\", yyy] }";

        assertMatches(condition, with("a", matching));
        assertDoesNotMatch(condition, with("a", other));
    }

    @ParameterizedTest(name = "{0} {1} against {2}")
    @CsvSource({
        "eq, NL, nl",
        "in, NL, nl",
        "startsWith, Admin, ADMIN-7",
        "endsWith, @Example.COM, ann@example.com",
        "contains, BETA, app-beta-3",
        "matches, ^beta-\\d+$, BETA-12",
    })
    void textOperatorsAreCaseSensitiveUnlessToldOtherwise(String op, String value, String attribute) {
        String condition = "{ attribute: a, op: " + op + ", values: ['" + value + "'] }";
        String ignoringCase = "{ attribute: a, op: " + op + ", values: ['" + value + "'], ignoreCase: true }";

        assertDoesNotMatch(condition, with("a", attribute));
        assertMatches(ignoringCase, with("a", attribute));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"neq", "notIn"})
    void invertedEqualityWithIgnoreCaseTreatsAnotherCaseAsTheSameValue(String op) {
        assertMatches("{ attribute: a, op: " + op + ", values: [NL] }", with("a", "nl"));
        assertDoesNotMatch("{ attribute: a, op: " + op + ", values: [NL], ignoreCase: true }", with("a", "nl"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"startsWith", "endsWith", "contains"})
    void textOperatorsDoNotMatchAValueLongerThanTheAttribute(String op) {
        assertDoesNotMatch("{ attribute: a, op: " + op + ", values: [abcdef], ignoreCase: true }", with("a", "abc"));
    }

    // ---------------------------------------------------------------- matches (RE2)

    @Test
    void matchesFindsThePatternAnywhereInTheText() {
        String condition = "{ attribute: build, op: matches, values: ['beta'] }";

        assertMatches(condition, with("build", "app-beta-3"));
        assertMatches(condition, with("build", "beta"));
        assertDoesNotMatch(condition, with("build", "app-stable-3"));
    }

    @Test
    void matchesAnchoredWithCaretAndDollarRequiresTheWholeText() {
        String condition = "{ attribute: build, op: matches, values: ['^beta$'] }";

        assertMatches(condition, with("build", "beta"));
        assertDoesNotMatch(condition, with("build", "app-beta-3"));
        assertDoesNotMatch(condition, with("build", "beta-3"));
    }

    @Test
    void matchesAnchoredAtOneEndOnlyTestsThatEnd() {
        assertMatches("{ attribute: build, op: matches, values: ['^app-'] }", with("build", "app-beta-3"));
        assertDoesNotMatch("{ attribute: build, op: matches, values: ['^beta'] }", with("build", "app-beta-3"));
        assertMatches("{ attribute: build, op: matches, values: ['-\\d$'] }", with("build", "app-beta-3"));
        assertDoesNotMatch("{ attribute: build, op: matches, values: ['^\\d$'] }", with("build", "app-beta-3"));
    }

    @Test
    void matchesUnderstandsRe2Syntax() {
        String condition = "{ attribute: version, op: matches, values: ['^\\d+\\.\\d+(\\.\\d+)?$'] }";

        assertMatches(condition, with("version", "2.4"));
        assertMatches(condition, with("version", "2.4.1"));
        assertDoesNotMatch(condition, with("version", "2.4.1-rc.1"));
        assertMatches("{ attribute: name, op: matches, values: ['(?i)^ann$'] }", with("name", "ANN"));
        assertMatches("{ attribute: name, op: matches, values: ['^\\p{Lu}'] }", with("name", "Ésa"));
    }

    @Test
    void matchesTestsTheTextOfANumberAttribute() {
        assertMatches("{ attribute: store, op: matches, values: ['^4\\d$'] }", with("store", 42L));
        assertDoesNotMatch("{ attribute: store, op: matches, values: ['^4\\d$'] }", with("store", 142L));
    }

    // ---------------------------------------------------------------- lt, lte, gt, gte

    @ParameterizedTest(name = "{1} {0} 18: {2}")
    @CsvSource({
        "lt, 17, true", "lt, 18, false", "lt, 19, false", "lt, 17.999, true",
        "lte, 17, true", "lte, 18, true", "lte, 18.001, false",
        "gt, 18, false", "gt, 18.5, true", "gt, 17, false", "gt, 1e3, true",
        "gte, 18, true", "gte, 17.9, false", "gte, 100, true",
        "lt, -18, true", "gt, -18, false",
    })
    void numberComparisonsHoldAtTheirBoundaries(String op, String attribute, boolean matches) {
        Evaluation<Boolean> evaluation = evaluate(with("age", attribute), "{ attribute: age, op: " + op + ", values: [18] }");

        if (matches) {
            assertMatches(evaluation);
        } else {
            assertDoesNotMatch(evaluation);
        }
    }

    static Stream<Arguments> seventeenInEverySpelling() {
        return Stream.of(17L, 17, 17.0d, "17", "17.0", "1.7e1").map(value -> Arguments.of(value,
                value.getClass().getSimpleName()));
    }

    @ParameterizedTest(name = "{1} {0}")
    @MethodSource("seventeenInEverySpelling")
    void numberComparisonsReadNumbersWhateverTheirSpelling(Object attribute, String type) {
        assertMatches("{ attribute: age, op: lt, values: [18] }", with("age", attribute));
        assertMatches("{ attribute: age, op: lt, values: [18.0] }", with("age", attribute));
        assertMatches("{ attribute: age, op: lt, values: [\"18\"] }", with("age", attribute));
        assertMatches("{ attribute: age, op: lte, values: [17] }", with("age", attribute));
        assertMatches("{ attribute: age, op: gte, values: [\"17.0\"] }", with("age", attribute));
        assertDoesNotMatch("{ attribute: age, op: gt, values: [17] }", with("age", attribute));
    }

    @Test
    void numberComparisonsWithSeveralValuesMatchWhenAnyHolds() {
        String condition = "{ attribute: age, op: lt, values: [10, 20] }";

        assertMatches(condition, with("age", 15L));
        assertDoesNotMatch(condition, with("age", 25L));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lt", "lte", "gt", "gte"})
    void numberComparisonsNeverMatchAnAttributeThatIsNoNumber(String op) {
        String condition = "{ attribute: age, op: " + op + ", values: [18] }";

        assertDoesNotMatch(condition, with("age", "eighteen"));
        assertDoesNotMatch(condition, with("age", "2.4.1"));
        assertDoesNotMatch(condition, with("age", ""));
        assertDoesNotMatch(condition, with("age", true));
        assertDoesNotMatch(condition, with("age", Instant.parse("2026-01-01T00:00:00Z")));
    }

    @Test
    void negativeZeroComparesEqualToZero() {
        assertMatches("{ attribute: balance, op: gte, values: [0] }", with("balance", -0.0d));
        assertDoesNotMatch("{ attribute: balance, op: lt, values: [0] }", with("balance", "-0"));
        assertMatches("{ attribute: balance, op: eq, values: [0] }", with("balance", -0.0d));
    }

    // ---------------------------------------------------------------- semantic versions

    @ParameterizedTest(name = "{1} {0} {2}: {3}")
    @CsvSource({
        "semverEq, 2.3.0, 2.3.0, true", "semverEq, 2.3.1, 2.3.0, false",
        "semverLt, 2.2.9, 2.3.0, true", "semverLt, 2.3.0, 2.3.0, false", "semverLt, 2.3.1, 2.3.0, false",
        "semverLte, 2.3.0, 2.3.0, true", "semverLte, 2.2.0, 2.3.0, true", "semverLte, 2.4.0, 2.3.0, false",
        "semverGt, 2.3.1, 2.3.0, true", "semverGt, 2.3.0, 2.3.0, false", "semverGt, 1.99.99, 2.3.0, false",
        "semverGte, 2.3.0, 2.3.0, true", "semverGte, 10.0.0, 2.3.0, true", "semverGte, 2.2.99, 2.3.0, false",
        "semverGt, 2.10.0, 2.9.0, true", "semverLt, 2.9.0, 2.10.0, true",
    })
    void versionComparisonsFollowSemverPrecedence(String op, String attribute, String value, boolean matches) {
        Evaluation<Boolean> evaluation = evaluate(with("appVersion", attribute),
                "{ attribute: appVersion, op: " + op + ", values: [\"" + value + "\"] }");

        if (matches) {
            assertMatches(evaluation);
        } else {
            assertDoesNotMatch(evaluation);
        }
    }

    @ParameterizedTest(name = "{0} semverEq {1}")
    @CsvSource({
        "v2.3.0, 2.3.0", "V2.3.0, 2.3.0", "2.3.0, v2.3.0",
        "2, 2.0.0", "2.3, 2.3.0", "2.0.0, 2", "2.3.0, v2.3", "v2, 2.0",
        "2.3.0+build.7, 2.3.0", "2.3.0+build.7, 2.3.0+build.8", "2.3.0-rc.1+sha.abc, 2.3.0-rc.1",
    })
    void versionsAreReadInTheLenientSpellingsUsersSend(String attribute, String value) {
        assertMatches("{ attribute: appVersion, op: semverEq, values: [\"" + value + "\"] }",
                with("appVersion", attribute));
    }

    @Test
    void buildMetadataTakesNoPartInOrdering() {
        assertDoesNotMatch("{ attribute: appVersion, op: semverGt, values: [\"2.3.0\"] }",
                with("appVersion", "2.3.0+build.99"));
        assertDoesNotMatch("{ attribute: appVersion, op: semverLt, values: [\"2.3.0+build.99\"] }",
                with("appVersion", "2.3.0+build.1"));
    }

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource({
        "1.0.0-alpha, 1.0.0-alpha.1",
        "1.0.0-alpha.1, 1.0.0-alpha.beta",
        "1.0.0-alpha.beta, 1.0.0-beta",
        "1.0.0-beta, 1.0.0-beta.2",
        "1.0.0-beta.2, 1.0.0-beta.11",
        "1.0.0-beta.11, 1.0.0-rc.1",
        "1.0.0-rc.1, 1.0.0",
        "2.3.0, 2.4.0-rc.1",
    })
    void preReleasesSortBeforeTheirRelease(String lower, String higher) {
        assertMatches("{ attribute: appVersion, op: semverLt, values: [\"" + higher + "\"] }", with("appVersion", lower));
        assertDoesNotMatch("{ attribute: appVersion, op: semverGte, values: [\"" + higher + "\"] }",
                with("appVersion", lower));
        assertMatches("{ attribute: appVersion, op: semverGt, values: [\"" + lower + "\"] }", with("appVersion", higher));
    }

    static Stream<Arguments> unparseableVersions() {
        List<String> ops = List.of("semverEq", "semverLt", "semverLte", "semverGt", "semverGte");
        List<String> attributes = List.of("latest", "2.3.x", "", "2.3.0-", "2.3-rc.1", " 2.3.0", "1.0.0-rc.01", "2.3.0+");
        return ops.stream().flatMap(op -> attributes.stream().map(attribute -> Arguments.of(op, attribute)));
    }

    @ParameterizedTest(name = "{0} against ''{1}''")
    @MethodSource("unparseableVersions")
    void aVersionThatDoesNotParseNeverMatches(String op, String attribute) {
        assertDoesNotMatch("{ attribute: appVersion, op: " + op + ", values: [\"2.3.0\"] }", with("appVersion", attribute));
    }

    @Test
    void versionComparisonsWithSeveralValuesMatchWhenAnyHolds() {
        String condition = "{ attribute: appVersion, op: semverEq, values: [\"2.3.0\", \"2.4.1\"] }";

        assertMatches(condition, with("appVersion", "2.4.1"));
        assertDoesNotMatch(condition, with("appVersion", "2.4.0"));
    }

    // ---------------------------------------------------------------- before, after on an attribute

    static Stream<Arguments> aSecondBeforeNewYear() {
        return Stream.of(
                Arguments.of("ISO string", "2025-12-31T23:59:59Z"),
                Arguments.of("ISO string with millis", "2025-12-31T23:59:59.999Z"),
                Arguments.of("ISO string with offset", "2026-01-01T00:59:59+01:00"),
                Arguments.of("Instant", Instant.parse("2025-12-31T23:59:59Z")),
                Arguments.of("epoch millis", NEW_YEAR_MILLIS - 1000),
                Arguments.of("epoch millis as text", Long.toString(NEW_YEAR_MILLIS - 1000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aSecondBeforeNewYear")
    void beforeMatchesAnEarlierInstantInEverySpelling(String spelling, Object signedUpAt) {
        assertMatches("{ attribute: signedUpAt, op: before, values: [\"2026-01-01T00:00:00Z\"] }",
                with("signedUpAt", signedUpAt));
        assertMatches("{ attribute: signedUpAt, op: before, values: [" + NEW_YEAR_MILLIS + "] }",
                with("signedUpAt", signedUpAt));
        assertDoesNotMatch("{ attribute: signedUpAt, op: after, values: [\"2026-01-01T00:00:00Z\"] }",
                with("signedUpAt", signedUpAt));
    }

    static Stream<Arguments> newYearInEverySpelling() {
        return Stream.of(
                Arguments.of("ISO string", "2026-01-01T00:00:00Z"),
                Arguments.of("ISO string with offset", "2026-01-01T01:00:00+01:00"),
                Arguments.of("Instant", Instant.parse("2026-01-01T00:00:00Z")),
                Arguments.of("epoch millis", NEW_YEAR_MILLIS),
                Arguments.of("epoch millis as text", Long.toString(NEW_YEAR_MILLIS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("newYearInEverySpelling")
    void beforeAndAfterCompareStrictly(String spelling, Object signedUpAt) {
        assertDoesNotMatch("{ attribute: signedUpAt, op: before, values: [\"2026-01-01T00:00:00Z\"] }",
                with("signedUpAt", signedUpAt));
        assertDoesNotMatch("{ attribute: signedUpAt, op: after, values: [\"2026-01-01T00:00:00Z\"] }",
                with("signedUpAt", signedUpAt));
        assertDoesNotMatch("{ attribute: signedUpAt, op: after, values: [" + NEW_YEAR_MILLIS + "] }",
                with("signedUpAt", signedUpAt));
    }

    @Test
    void afterMatchesALaterInstant() {
        String condition = "{ attribute: signedUpAt, op: after, values: [\"2026-01-01T00:00:00Z\"] }";

        assertMatches(condition, with("signedUpAt", "2026-01-01T00:00:00.001Z"));
        assertMatches(condition, with("signedUpAt", Instant.parse("2026-03-01T00:00:00Z")));
        assertMatches(condition, with("signedUpAt", NEW_YEAR_MILLIS + 1));
        assertDoesNotMatch(condition, with("signedUpAt", "2025-06-01T00:00:00Z"));
    }

    @Test
    void beforeAndAfterAcceptAnInstantWithAnOffsetAsTheConditionValue() {
        assertMatches("{ attribute: t, op: after, values: [\"2026-01-01T01:00:00+01:00\"] }",
                with("t", "2026-01-01T00:00:01Z"));
        assertMatches("{ attribute: t, op: before, values: [\"2026-01-01T01:00:00+01:00\"] }",
                with("t", "2025-12-31T23:59:59Z"));
    }

    @Test
    void beforeOrAfterWithSeveralValuesMatchesWhenAnyHolds() {
        String condition = "{ attribute: t, op: before, values: [\"2025-01-01T00:00:00Z\", \"2026-01-01T00:00:00Z\"] }";

        assertMatches(condition, with("t", "2025-06-01T00:00:00Z"));
        assertDoesNotMatch(condition, with("t", "2026-06-01T00:00:00Z"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"before", "after"})
    void beforeAndAfterNeverMatchAnAttributeThatIsNoInstant(String op) {
        String condition = "{ attribute: t, op: " + op + ", values: [\"2026-01-01T00:00:00Z\"] }";

        assertDoesNotMatch(condition, with("t", "yesterday"));
        assertDoesNotMatch(condition, with("t", "2026-13-01T00:00:00Z"));
        assertDoesNotMatch(condition, with("t", true));
    }

    @Test
    void anIsoInstantWithoutSecondsIsReadLikeTheSameInstantInTheDocument() {
        // ISO-8601 lets seconds be left out; the document accepts 2026-01-01T00:00Z as a condition value.
        assertMatches("{ attribute: t, op: before, values: [\"2026-01-01T00:00Z\"] }", with("t", "2025-12-31T23:59Z"));
    }

    @Test
    void beforeOrAfterNamingAnAttributeTestsThatAttributeNotTheClock() {
        // The clock is past this instant, but the condition is about the context's signedUpAt, which is missing.
        assertDoesNotMatch("{ attribute: signedUpAt, op: after, values: [\"2026-01-01T00:00:00Z\"] }", NO_ATTRIBUTES);
    }

    // ---------------------------------------------------------------- before, after on the clock (schedules)

    @Test
    void afterWithoutAttributeMatchesOnceTheClockHasPassedTheInstant() {
        assertMatches("{ op: after, values: [\"2026-06-15T11:59:59Z\"] }", NO_ATTRIBUTES);
        assertDoesNotMatch("{ op: after, values: [\"2026-06-15T12:00:01Z\"] }", NO_ATTRIBUTES);
    }

    @Test
    void beforeWithoutAttributeMatchesUntilTheClockReachesTheInstant() {
        assertMatches("{ op: before, values: [\"2026-06-15T12:00:01Z\"] }", NO_ATTRIBUTES);
        assertDoesNotMatch("{ op: before, values: [\"2026-06-15T11:59:59Z\"] }", NO_ATTRIBUTES);
    }

    @Test
    void aScheduleTestsTheClockStrictly() {
        assertDoesNotMatch("{ op: after, values: [\"2026-06-15T12:00:00Z\"] }", NO_ATTRIBUTES);
        assertDoesNotMatch("{ op: before, values: [\"2026-06-15T12:00:00Z\"] }", NO_ATTRIBUTES);
    }

    @Test
    void aScheduleAcceptsEpochMillis() {
        long now = NOW.toEpochMilli();

        assertMatches("{ op: after, values: [" + (now - 1) + "] }", NO_ATTRIBUTES);
        assertDoesNotMatch("{ op: after, values: [" + now + "] }", NO_ATTRIBUTES);
        assertMatches("{ op: before, values: [" + (now + 1) + "] }", NO_ATTRIBUTES);
    }

    @Test
    void aReleaseWindowIsOpenOnlyBetweenItsInstants() {
        assertMatches(evaluate(NO_ATTRIBUTES,
                "{ op: after, values: [\"2026-06-01T00:00:00Z\"] }",
                "{ op: before, values: [\"2026-07-01T00:00:00Z\"] }"));
        assertDoesNotMatch(evaluate(NO_ATTRIBUTES,
                "{ op: after, values: [\"2026-07-01T00:00:00Z\"] }",
                "{ op: before, values: [\"2026-08-01T00:00:00Z\"] }"));
    }

    @Test
    void aScheduleAppliesToAnonymousContextsToo() {
        assertMatches("{ op: after, values: [\"2026-06-01T00:00:00Z\"] }", FlagContext.anonymous());
    }

    @Test
    void aScheduleFollowsTheClockGivenToTheClient() {
        String document = document("", "{ op: after, values: [\"2030-01-01T00:00:00Z\"] }");
        Clock later = Clock.fixed(Instant.parse("2030-01-01T00:00:01Z"), ZoneOffset.UTC);

        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document)).clock(later).build()) {
            assertMatches(flags.evaluateBoolean("f", NO_ATTRIBUTES, false));
        }
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document)).clock(CLOCK).build()) {
            assertDoesNotMatch(flags.evaluateBoolean("f", NO_ATTRIBUTES, false));
        }
    }

    // ---------------------------------------------------------------- exists

    static Stream<Arguments> presentValues() {
        return Stream.of(Arguments.of("x"), Arguments.of(""), Arguments.of(false), Arguments.of(0L),
                Arguments.of(Instant.EPOCH), Arguments.of(List.of("a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presentValues")
    void existsMatchesAnyValueTheAttributeHas(Object value) {
        assertMatches("{ attribute: plan, op: exists }", with("plan", value));
    }

    @Test
    void existsDoesNotMatchAMissingAttribute() {
        assertDoesNotMatch("{ attribute: plan, op: exists }", with("country", "NL"));
    }

    @Test
    void negatedExistsMatchesOnlyAMissingAttribute() {
        assertMatches("{ attribute: plan, op: exists, negate: true }", NO_ATTRIBUTES);
        assertDoesNotMatch("{ attribute: plan, op: exists, negate: true }", with("plan", "pro"));
    }

    // ---------------------------------------------------------------- missing attributes and negate

    static Stream<Arguments> conditionsOnAnAttribute() {
        return Stream.of(
                "{ attribute: a, op: eq, values: [NL] }",
                "{ attribute: a, op: neq, values: [NL] }",
                "{ attribute: a, op: in, values: [NL, BE] }",
                "{ attribute: a, op: notIn, values: [NL, BE] }",
                "{ attribute: a, op: startsWith, values: [N] }",
                "{ attribute: a, op: endsWith, values: [L] }",
                "{ attribute: a, op: contains, values: [N] }",
                "{ attribute: a, op: matches, values: ['.*'] }",
                "{ attribute: a, op: lt, values: [18] }",
                "{ attribute: a, op: lte, values: [18] }",
                "{ attribute: a, op: gt, values: [18] }",
                "{ attribute: a, op: gte, values: [18] }",
                "{ attribute: a, op: semverEq, values: [\"1.0.0\"] }",
                "{ attribute: a, op: semverLt, values: [\"1.0.0\"] }",
                "{ attribute: a, op: semverLte, values: [\"1.0.0\"] }",
                "{ attribute: a, op: semverGt, values: [\"1.0.0\"] }",
                "{ attribute: a, op: semverGte, values: [\"1.0.0\"] }",
                "{ attribute: a, op: before, values: [\"2026-01-01T00:00:00Z\"] }",
                "{ attribute: a, op: after, values: [\"2026-01-01T00:00:00Z\"] }",
                "{ attribute: a, op: exists }").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionsOnAnAttribute")
    void aMissingAttributeNeverMatches(String condition) {
        assertDoesNotMatch(condition, with("other", "NL"));
        assertDoesNotMatch(condition, FlagContext.anonymous());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionsOnAnAttribute")
    void aMissingAttributeMatchesUnderNegate(String condition) {
        String negated = condition.replace(" }", ", negate: true }");

        assertMatches(negated, with("other", "NL"));
        assertMatches(negated, FlagContext.anonymous());
    }

    @Test
    void aNullValueLeavesTheAttributeMissing() {
        FlagContext context = FlagContext.builder("user-42").set("country", "NL").set("country", (String) null).build();

        assertDoesNotMatch("{ attribute: country, op: exists }", context);
    }

    static Stream<Arguments> matchingConditions() {
        return Stream.of(
                Arguments.of("{ attribute: a, op: eq, values: [NL] }", "NL"),
                Arguments.of("{ attribute: a, op: neq, values: [BE] }", "NL"),
                Arguments.of("{ attribute: a, op: in, values: [NL, BE] }", "NL"),
                Arguments.of("{ attribute: a, op: notIn, values: [DE, BE] }", "NL"),
                Arguments.of("{ attribute: a, op: startsWith, values: [N] }", "NL"),
                Arguments.of("{ attribute: a, op: endsWith, values: [L] }", "NL"),
                Arguments.of("{ attribute: a, op: contains, values: [L] }", "NL"),
                Arguments.of("{ attribute: a, op: matches, values: ['^N'] }", "NL"),
                Arguments.of("{ attribute: a, op: lt, values: [18] }", 17L),
                Arguments.of("{ attribute: a, op: lte, values: [18] }", 18L),
                Arguments.of("{ attribute: a, op: gt, values: [18] }", 19L),
                Arguments.of("{ attribute: a, op: gte, values: [18] }", 18L),
                Arguments.of("{ attribute: a, op: semverEq, values: [\"1.0.0\"] }", "1.0.0"),
                Arguments.of("{ attribute: a, op: semverLt, values: [\"1.0.0\"] }", "0.9.0"),
                Arguments.of("{ attribute: a, op: semverLte, values: [\"1.0.0\"] }", "1.0.0"),
                Arguments.of("{ attribute: a, op: semverGt, values: [\"1.0.0\"] }", "1.0.1"),
                Arguments.of("{ attribute: a, op: semverGte, values: [\"1.0.0\"] }", "1.0.0"),
                Arguments.of("{ attribute: a, op: before, values: [\"2026-01-01T00:00:00Z\"] }", "2025-01-01T00:00:00Z"),
                Arguments.of("{ attribute: a, op: after, values: [\"2026-01-01T00:00:00Z\"] }", "2027-01-01T00:00:00Z"),
                Arguments.of("{ attribute: a, op: exists }", "NL"),
                Arguments.of("{ op: before, values: [\"2027-01-01T00:00:00Z\"] }", "NL"),
                Arguments.of("{ op: after, values: [\"2026-01-01T00:00:00Z\"] }", "NL"));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("matchingConditions")
    void negateTurnsAMatchIntoNoMatch(String condition, Object value) {
        assertMatches(condition, with("a", value));
        assertDoesNotMatch(condition.replace(" }", ", negate: true }"), with("a", value));
    }

    @Test
    void negateFalseChangesNothing() {
        assertMatches("{ attribute: a, op: eq, values: [NL], negate: false }", with("a", "NL"));
        assertDoesNotMatch("{ attribute: a, op: eq, values: [NL], negate: false }", with("a", "BE"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"neq", "notIn"})
    void invertedEqualityOnAMissingAttributeDoesNotMatch(String op) {
        assertDoesNotMatch("{ attribute: country, op: " + op + ", values: [NL] }", NO_ATTRIBUTES);
    }

    // ---------------------------------------------------------------- list attributes

    @Test
    void aListAttributeMatchesWhenAnyElementDoes() {
        String condition = "{ attribute: groups, op: in, values: [beta, staff] }";

        assertMatches(condition, with("groups", List.of("admins", "staff")));
        assertDoesNotMatch(condition, with("groups", List.of("admins", "sales")));
    }

    @Test
    void anEmptyListAttributeMatchesNoValue() {
        assertDoesNotMatch("{ attribute: groups, op: in, values: [beta] }", with("groups", List.of()));
    }

    @Test
    void notInOnAListAttributeMatchesOnlyWhenNoElementIsListed() {
        String condition = "{ attribute: groups, op: notIn, values: [blocked] }";

        assertMatches(condition, with("groups", List.of("admins", "staff")));
        assertDoesNotMatch(condition, with("groups", List.of("admins", "blocked")));
    }

    @Test
    void neqOnAListAttributeMatchesOnlyWhenNoElementEqualsTheValue() {
        String condition = "{ attribute: groups, op: neq, values: [blocked] }";

        assertMatches(condition, with("groups", List.of("admins")));
        assertDoesNotMatch(condition, with("groups", List.of("blocked", "admins")));
    }

    @Test
    void aListAttributeWorksWithTextOperators() {
        assertMatches("{ attribute: emails, op: endsWith, values: [\"@example.com\"] }",
                with("emails", List.of("ann@home.org", "ann@example.com")));
        assertMatches("{ attribute: emails, op: matches, values: ['^ann@'] }",
                with("emails", List.of("bob@home.org", "ann@example.com")));
        assertDoesNotMatch("{ attribute: emails, op: startsWith, values: [carl] }",
                with("emails", List.of("bob@home.org", "ann@example.com")));
    }

    @Test
    void aListAttributeWorksWithNumberVersionAndInstantOperators() {
        assertMatches("{ attribute: scores, op: gt, values: [90] }", with("scores", List.of(12L, 95.5d, "40")));
        assertDoesNotMatch("{ attribute: scores, op: gt, values: [90] }", with("scores", List.of(12L, "40")));
        assertMatches("{ attribute: apps, op: semverGte, values: [\"2.0.0\"] }", with("apps", List.of("1.4.0", "v2.1")));
        assertMatches("{ attribute: logins, op: after, values: [\"2026-01-01T00:00:00Z\"] }",
                with("logins", List.of(Instant.parse("2025-01-01T00:00:00Z"), "2026-02-01T00:00:00Z")));
    }

    @Test
    void aNegatedConditionOnAListAttributeMatchesWhenNoElementDoes() {
        String condition = "{ attribute: groups, op: in, values: [blocked], negate: true }";

        assertMatches(condition, with("groups", List.of("admins")));
        assertDoesNotMatch(condition, with("groups", List.of("admins", "blocked")));
    }

    // ---------------------------------------------------------------- the targeting key as attribute

    @Test
    void theAttributeKeyIsTheTargetingKey() {
        String condition = "{ attribute: key, op: in, values: [user-7, user-9] }";

        assertMatches(condition, user("user-9"));
        assertDoesNotMatch(condition, user("user-8"));
    }

    @Test
    void theAttributeTargetingKeyIsTheTargetingKeyToo() {
        assertMatches("{ attribute: targetingKey, op: eq, values: [user-7] }", user("user-7"));
        assertDoesNotMatch("{ attribute: targetingKey, op: eq, values: [user-7] }", user("user-8"));
    }

    @Test
    void theTargetingKeyWorksWithEveryKindOfOperator() {
        assertMatches("{ attribute: key, op: startsWith, values: [admin-] }", user("admin-3"));
        assertMatches("{ attribute: key, op: matches, values: ['^user-\\d{2}$'] }", user("user-42"));
        assertMatches("{ attribute: key, op: gte, values: [1000] }", user("1234"));
        assertMatches("{ attribute: key, op: exists }", user("user-42"));
    }

    @Test
    void theTargetingKeyComesFromTheBuilderAlongsideAttributes() {
        FlagContext context = FlagContext.builder("user-7").set("country", "NL").build();

        assertMatches("{ attribute: key, op: eq, values: [user-7] }", context);
    }

    @Test
    void anAnonymousContextHasNoTargetingKeyToMatch() {
        assertDoesNotMatch("{ attribute: key, op: exists }", FlagContext.anonymous());
        assertDoesNotMatch("{ attribute: key, op: neq, values: [user-7] }", FlagContext.anonymous());
        assertMatches("{ attribute: key, op: exists, negate: true }", FlagContext.anonymous());
        assertMatches("{ attribute: key, op: eq, values: [user-7], negate: true }",
                FlagContext.builder(null).set("country", "NL").build());
    }

    // ---------------------------------------------------------------- inSegment

    static void assertInSegment(String segment, FlagContext context, boolean member) {
        Evaluation<Boolean> evaluation = evaluateWithSegments(SEGMENTS, context,
                "{ op: inSegment, values: [" + segment + "] }");
        if (member) {
            assertMatches(evaluation);
        } else {
            assertDoesNotMatch(evaluation);
        }
    }

    @Test
    void aSegmentIncludesTheKeysItLists() {
        assertInSegment("beta-testers", user("user-1"), true);
        assertInSegment("beta-testers", user("user-2"), true);
        assertInSegment("beta-testers", user("user-4"), false);
    }

    @Test
    void aSegmentsExcludeBeatsItsInclude() {
        assertInSegment("beta-testers", user("user-3"), false);
    }

    @Test
    void aSegmentsExcludeBeatsItsConditions() {
        assertInSegment("beta-testers", FlagContext.builder("user-3").set("email", "c@example.com").build(), false);
    }

    @Test
    void aSegmentIncludesEveryoneMatchingItsConditions() {
        assertInSegment("beta-testers", FlagContext.builder("user-8").set("email", "h@example.com").build(), true);
        assertInSegment("beta-testers", FlagContext.builder("user-8").set("email", "h@example.org").build(), false);
    }

    @Test
    void aSegmentsConditionsMustAllHold() {
        assertInSegment("dutch-pros", FlagContext.builder("u").set("country", "NL").set("plan", "pro").build(), true);
        assertInSegment("dutch-pros", FlagContext.builder("u").set("country", "NL").set("plan", "free").build(), false);
        assertInSegment("dutch-pros", FlagContext.builder("u").set("country", "NL").build(), false);
    }

    @Test
    void aSegmentsConditionsApplyToAnonymousContexts() {
        assertInSegment("beta-testers", FlagContext.builder(null).set("email", "h@example.com").build(), true);
        assertInSegment("admins", FlagContext.anonymous(), false);
    }

    @Test
    void anEmptySegmentHasNoMembers() {
        assertInSegment("nobody", user("user-1"), false);
        assertInSegment("nobody", FlagContext.builder("admin-1").set("email", "a@example.com").build(), false);
    }

    @Test
    void aSegmentWithOnlyAnIncludeListHasOnlyThoseKeys() {
        assertInSegment("admins", user("admin-1"), true);
        assertInSegment("admins", FlagContext.builder("admin-2").set("email", "a@example.com").build(), false);
    }

    @Test
    void inSegmentWithSeveralSegmentsMatchesAMemberOfAny() {
        assertInSegment("nobody, admins", user("admin-1"), true);
        assertInSegment("admins, beta-testers", user("user-2"), true);
        assertInSegment("nobody, admins", user("user-2"), false);
    }

    @Test
    void negatedInSegmentMatchesEveryoneOutsideTheSegment() {
        String condition = "{ op: inSegment, values: [admins], negate: true }";

        assertDoesNotMatch(evaluateWithSegments(SEGMENTS, user("admin-1"), condition));
        assertMatches(evaluateWithSegments(SEGMENTS, user("user-1"), condition));
        assertMatches(evaluateWithSegments(SEGMENTS, FlagContext.anonymous(), condition));
    }
}
