package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid flag documents (DESIGN §4): rejected whole, every problem listed with the flag and the field path (or
 * the line of a syntax error), and the last good document stays in force.
 */
class ValidationTest {

    static final int MAX_DOCUMENT_CHARS = 10 * 1024 * 1024;

    static final String GOOD = """
            revision: 1
            flags:
              new-checkout:
                variants: { on: true, off: false }
                default: { serve: on }
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                default: { serve: red }
            """;

    static final String BETTER = """
            revision: 2
            flags:
              new-checkout:
                variants: { on: true, off: false }
                default: { serve: off }
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                default: { serve: blue }
            """;

    /** Turns new-checkout off and button-color blue, but has three problems in two flags. */
    static final String THREE_PROBLEMS = """
            revision: 2
            flags:
              new-checkout:
                variants: { on: true, off: false }
                default: { serve: off }
              button-color:
                variants: { red: "#f00", blue: "#00f" }
                offVariant: black
                rules:
                  - when:
                      - { attribute: country, op: eq, values: [NL] }
                      - { attribute: country, op: equals, values: [BE] }
                    serve: blue
                default: { serve: blue }
              sample-ratio:
                variants: { low: 0.1, high: 0.5 }
                default:
                  rollout: { low: 50, high: 40 }
            """;

    static final String UNKNOWN_OPERATOR = """
            flags:
              new-checkout:
                rules:
                  - when:
                      - { attribute: country, op: in, values: [NL, BE] }
                      - { attribute: appVersion, op: semverAtLeast, values: ["2.3.0"] }
                    serve: on
            """;

    static final String UNKNOWN_FLAG_FIELD = """
            flags:
              new-checkout:
                enabeld: false
            """;

    static final String UNKNOWN_TOP_LEVEL_FIELD = """
            owner: team-checkout
            flags:
              new-checkout: {}
            """;

    static final String BAD_WEIGHTS = """
            flags:
              new-checkout:
                default:
                  rollout: { on: 50, off: 40 }
            """;

    static final String PREREQUISITE_CYCLE = """
            flags:
              checkout-a:
                prerequisites: [ { flag: checkout-b, variant: on } ]
              checkout-b:
                prerequisites: [ { flag: checkout-c, variant: on } ]
              checkout-c:
                prerequisites: [ { flag: checkout-a, variant: on } ]
            """;

    // ---------------------------------------------------------------- harness

    /** The problems a running client's in-memory source reports when updated with this document. */
    static List<String> problemsOf(String document) {
        InMemoryFlagSource source = FlagSources.inMemory(GOOD);
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            return rejection(() -> source.update(document)).problems().stream().map(DocumentProblem::toString).toList();
        }
    }

    static InvalidFlagDocumentException rejection(Runnable update) {
        Throwable thrown = catchThrowable(update::run);
        assertThat(thrown).isInstanceOf(InvalidFlagDocumentException.class);
        return (InvalidFlagDocumentException) thrown;
    }

    static String nested(int depth) {
        // flags, the flag, variants and the variant's object are four levels; lists make up the rest.
        int lists = depth - 4;
        return "{\"flags\": {\"deep\": {\"variants\": {\"v\": " + "[".repeat(lists) + "1" + "]".repeat(lists) + "}}}}";
    }

    /** The document, then a comment making it exactly {@code length} characters long. */
    static String padded(String document, int length) {
        return document + "#" + "x".repeat(length - document.length() - 1);
    }

    // ---------------------------------------------------------------- rejected whole, last good stays

    @Test
    void anInvalidDocumentIsRejectedWholeWithEveryProblemListed() {
        InMemoryFlagSource source = FlagSources.inMemory(GOOD);

        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            InvalidFlagDocumentException rejected = rejection(() -> source.update(THREE_PROBLEMS));

            List<String> problems = rejected.problems().stream().map(DocumentProblem::toString).toList();
            assertThat(problems).hasSize(3);
            assertThat(problems).anySatisfy(problem -> assertThat(problem)
                    .startsWith("flags.button-color.offVariant: ").contains("'black'"));
            assertThat(problems).anySatisfy(problem -> assertThat(problem)
                    .startsWith("flags.button-color.rules[0].when[1].op: ").contains("'equals'"));
            assertThat(problems).anySatisfy(problem -> assertThat(problem)
                    .startsWith("flags.sample-ratio.default.rollout: ").contains("90"));
            assertThat(rejected.getMessage()).contains("memory").contains(problems);
            // new-checkout itself was valid in the rejected document, yet nothing of it applied.
            assertThat(flags.isEnabled("new-checkout", FlagContext.of("user-1"))).isTrue();
            assertThat(flags.getString("button-color", FlagContext.of("user-1"), "none")).isEqualTo("#f00");
            assertThat(flags.flagKeys()).doesNotContainKey("sample-ratio");
        }
    }

    @Test
    void theLastGoodFlagsStayInForceAfterARejectedDocument() {
        InMemoryFlagSource source = FlagSources.inMemory(GOOD);

        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            InvalidFlagDocumentException rejected = rejection(() -> source.update(THREE_PROBLEMS));

            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), false))
                    .returns(true, Evaluation::value)
                    .returns(Reason.STATIC, Evaluation::reason);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
            assertThat(flags.status().revision()).isEqualTo(1L);
            assertThat(flags.status().lastError()).contains("memory").contains(rejected.problems().get(0).toString());
        }
    }

    @Test
    void aValidDocumentAfterAnInvalidOneAppliesAndClearsTheError() {
        InMemoryFlagSource source = FlagSources.inMemory(GOOD);

        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            rejection(() -> source.update(THREE_PROBLEMS));
            source.update(BETTER);

            assertThat(flags.isEnabled("new-checkout", FlagContext.of("user-1"))).isFalse();
            assertThat(flags.getString("button-color", FlagContext.of("user-1"), "none")).isEqualTo("#00f");
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
            assertThat(flags.status().lastError()).isNull();
            assertThat(flags.status().revision()).isEqualTo(2L);
        }
    }

    @Test
    void aClientWhoseFirstDocumentIsInvalidServesDefaultsUntilAValidOneArrives() {
        InMemoryFlagSource source = new InMemoryFlagSource("memory");

        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            rejection(() -> source.update(THREE_PROBLEMS));

            assertThat(flags.evaluateBoolean("new-checkout", FlagContext.of("user-1"), true))
                    .returns(true, Evaluation::value)
                    .returns(Reason.ERROR, Evaluation::reason)
                    .returns(ErrorCode.PROVIDER_NOT_READY, Evaluation::errorCode);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.INITIALIZING);
            assertThat(flags.status().lastError()).contains("rejected");

            source.update(GOOD);
            assertThat(flags.isEnabled("new-checkout", FlagContext.of("user-1"))).isTrue();
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
        }
    }

    @Test
    void anInvalidDocumentCannotStartAnInMemorySource() {
        InvalidFlagDocumentException rejected = rejection(() -> FlagSources.inMemory(BAD_WEIGHTS));

        assertThat(rejected.problems()).singleElement().asString().startsWith("flags.new-checkout.default.rollout: ");
    }

    // ---------------------------------------------------------------- syntax

    @Test
    void aJsonSyntaxErrorNamesTheLine() {
        String document = """
                {
                  "flags": {
                    "new-checkout": {
                      "enabled": true,
                    }
                  }
                }
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 5, column ").contains("JSON");
    }

    @Test
    void aYamlSyntaxErrorNamesTheLine() {
        String document = """
                flags:
                  new-checkout:
                    enabled: true
                   description: one space short
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 4, column ").contains("YAML");
    }

    @Test
    void anUnterminatedYamlStringNamesTheLineWhereItStarts() {
        String document = """
                flags:
                  new-checkout:
                    enabled: true
                    description: "never closed
                  other: {}
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 4, column ");
    }

    @Test
    void anEmptyDocumentIsRejected() {
        assertThat(problemsOf("")).singleElement().asString().startsWith("document: ");
        assertThat(problemsOf("# only a comment\n")).singleElement().asString().startsWith("document: ");
    }

    @Test
    void aDocumentThatIsNoObjectIsRejected() {
        assertThat(problemsOf("- new-checkout\n")).singleElement().asString().startsWith("document: ");
        assertThat(problemsOf("flags: [new-checkout]\n")).singleElement().asString().startsWith("flags: ");
    }

    // ---------------------------------------------------------------- unknown fields

    @Test
    void anUnknownTopLevelFieldIsRejected() {
        assertThat(problemsOf(UNKNOWN_TOP_LEVEL_FIELD)).singleElement().asString()
                .startsWith("owner: ").contains("unknown field");
    }

    @Test
    void aDocumentWithoutFlagsIsRejected() {
        assertThat(problemsOf("revision: 3\n")).singleElement().asString().startsWith("flags: ").contains("required");
    }

    @Test
    void aMisspelledFlagsFieldIsRejectedTwice() {
        assertThat(problemsOf("flag:\n  new-checkout: {}\n"))
                .anySatisfy(problem -> assertThat(problem).startsWith("flag: ").contains("unknown field"))
                .anySatisfy(problem -> assertThat(problem).startsWith("flags: ").contains("required"))
                .hasSize(2);
    }

    @Test
    void anUnknownFlagFieldIsNamedWithItsFlag() {
        assertThat(problemsOf(UNKNOWN_FLAG_FIELD)).singleElement().asString()
                .startsWith("flags.new-checkout.enabeld: ").contains("unknown field").contains("enabled");
    }

    @Test
    void anUnknownFieldInARuleOrConditionIsNamedWithItsPath() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: country, op: eq, value: [NL] } ]
                        serve: on
                        priority: 1
                """;

        assertThat(problemsOf(document))
                .anySatisfy(problem -> assertThat(problem).startsWith("flags.new-checkout.rules[0].priority: "))
                .anySatisfy(problem -> assertThat(problem).startsWith("flags.new-checkout.rules[0].when[0].value: "));
    }

    // ---------------------------------------------------------------- operators and their values

    @Test
    void anUnknownOperatorIsNamedWithItsPath() {
        assertThat(problemsOf(UNKNOWN_OPERATOR)).singleElement().asString()
                .startsWith("flags.new-checkout.rules[0].when[1].op: ")
                .contains("unknown operator 'semverAtLeast'")
                .contains("semverGte");
    }

    @Test
    void anUnknownOperatorIsNamedWithItsPathInJsonToo() {
        String document = """
                {"flags": {"new-checkout": {"rules": [{"when": [
                  {"attribute": "country", "op": "in", "values": ["NL"]},
                  {"attribute": "appVersion", "op": "semverAtLeast", "values": ["2.3.0"]}
                ], "serve": "on"}]}}}
                """;

        assertThat(problemsOf(document)).isEqualTo(problemsOf(UNKNOWN_OPERATOR));
    }

    @Test
    void anInvalidRe2PatternIsRejected() {
        // A lookahead is fine in java.util.regex but not in RE2; '[' is invalid everywhere.
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: email, op: matches, values: ['^(?=admin)', '[a-z'] } ]
                        serve: on
                """;

        assertThat(problemsOf(document))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("flags.new-checkout.rules[0].when[0].values[0]: ").contains("RE2"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("flags.new-checkout.rules[0].when[0].values[1]: ").contains("RE2"))
                .hasSize(2);
    }

    @Test
    void anInvalidSemverValueIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: appVersion, op: semverGte, values: ["2.3.0", "2.x"] } ]
                        serve: on
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.rules[0].when[0].values[1]: ").contains("2.x");
    }

    @Test
    void aNonNumericValueOfANumberOperatorIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: age, op: gte, values: [eighteen] } ]
                        serve: on
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.rules[0].when[0].values[0]: ").contains("eighteen");
    }

    @Test
    void anInvalidInstantIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { op: after, values: ["next tuesday"] } ]
                        serve: on
                      - when: [ { attribute: signedUpAt, op: before, values: ["2026-02-30T00:00:00Z"] } ]
                        serve: on
                """;

        assertThat(problemsOf(document))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("flags.new-checkout.rules[0].when[0].values[0]: ").contains("next tuesday"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("flags.new-checkout.rules[1].when[0].values[0]: ").contains("2026-02-30"))
                .hasSize(2);
    }

    @Test
    void anInvalidRampInstantIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    default:
                      rollout: { on: 10, off: 90 }
                      ramp: { variant: on, from: 10, to: 90, start: soon, end: "2026-12-09T00:00:00Z" }
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.default.ramp.start: ").contains("soon");
    }

    @Test
    void ignoreCaseOnANumericOperatorIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when:
                          - { attribute: country, op: eq, values: [nl], ignoreCase: true }
                          - { attribute: age, op: gte, values: [18], ignoreCase: true }
                        serve: on
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.rules[0].when[1].ignoreCase: ").contains("gte");
    }

    @Test
    void ignoreCaseOnVersionAndInstantOperatorsIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when:
                          - { attribute: appVersion, op: semverGte, values: ["2.3.0"], ignoreCase: true }
                          - { op: after, values: ["2026-01-01T00:00:00Z"], ignoreCase: true }
                        serve: on
                """;

        assertThat(problemsOf(document))
                .anySatisfy(problem -> assertThat(problem).startsWith("flags.new-checkout.rules[0].when[0].ignoreCase: "))
                .anySatisfy(problem -> assertThat(problem).startsWith("flags.new-checkout.rules[0].when[1].ignoreCase: "))
                .hasSize(2);
    }

    // ---------------------------------------------------------------- segments

    @Test
    void anUnknownSegmentIsRejected() {
        String document = """
                segments:
                  beta-testers: { include: [user-1] }
                flags:
                  new-checkout:
                    rules:
                      - when: [ { op: inSegment, values: [beta-testers, gamma-testers] } ]
                        serve: on
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.rules[0].when[0].values[1]: ").contains("gamma-testers");
    }

    @Test
    void aSegmentWhoseConditionsTestASegmentIsRejected() {
        String document = """
                segments:
                  staff: { include: [user-1] }
                  beta-testers:
                    when: [ { op: inSegment, values: [staff] } ]
                flags: {}
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("segments.beta-testers.when[0].");
    }

    // ---------------------------------------------------------------- variants, weights, targets

    static Stream<Arguments> unknownVariants() {
        return Stream.of(
                Arguments.of("a rule's serve", """
                        rules:
                          - when: [ { attribute: country, op: eq, values: [NL] } ]
                            serve: maybe
                        """, "flags.new-checkout.rules[0].serve"),
                Arguments.of("the default's serve", "default: { serve: maybe }\n", "flags.new-checkout.default.serve"),
                Arguments.of("a rollout", "default: { rollout: { on: 50, maybe: 50 } }\n",
                        "flags.new-checkout.default.rollout.maybe"),
                Arguments.of("a rule's rollout", """
                        rules:
                          - when: [ { attribute: country, op: eq, values: [NL] } ]
                            rollout: { maybe: 100 }
                        """, "flags.new-checkout.rules[0].rollout.maybe"),
                Arguments.of("offVariant", "offVariant: maybe\n", "flags.new-checkout.offVariant"),
                Arguments.of("targets", "targets: { on: [user-1], maybe: [user-2] }\n", "flags.new-checkout.targets.maybe"));
    }

    @ParameterizedTest(name = "in {0}")
    @MethodSource("unknownVariants")
    void anUnknownVariantIsNamedWhereverItIsUsed(String where, String fields, String path) {
        String document = "flags:\n  new-checkout:\n    variants: { on: true, off: false }\n"
                + fields.indent(4);

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith(path + ": ").contains("unknown variant 'maybe'");
    }

    @Test
    void aRampOnAVariantOutsideTheRolloutIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    default:
                      rollout: { on: 10, off: 90 }
                      ramp: { variant: maybe, from: 10, to: 90, start: "2026-12-01T00:00:00Z", end: "2026-12-09T00:00:00Z" }
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("flags.new-checkout.default.ramp.variant: ");
    }

    @Test
    void weightsThatDoNotAddUpTo100AreRejected() {
        assertThat(problemsOf(BAD_WEIGHTS)).singleElement().asString()
                .startsWith("flags.new-checkout.default.rollout: ").contains("90").contains("100");
        assertThat(problemsOf(BAD_WEIGHTS.replace("off: 40", "off: 50.001"))).singleElement().asString()
                .startsWith("flags.new-checkout.default.rollout: ").contains("100.001");
    }

    @Test
    void weightsWithMoreThanThreeDecimalsAreRejected() {
        String document = """
                flags:
                  new-checkout:
                    default:
                      rollout: { on: 33.3335, off: 66.6665 }
                """;

        assertThat(problemsOf(document))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("flags.new-checkout.default.rollout.on: ").contains("three decimals"))
                .anySatisfy(problem -> assertThat(problem)
                        .startsWith("flags.new-checkout.default.rollout.off: ").contains("three decimals"))
                .hasSize(2);
    }

    @Test
    void weightsWithThreeDecimalsAreAccepted() {
        assertThat(FlagDocuments.validate("""
                flags:
                  new-checkout:
                    default:
                      rollout: { on: 33.333, off: 66.667 }
                """)).isEmpty();
    }

    @Test
    void aNegativeWeightIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    default:
                      rollout: { on: -10, off: 110 }
                """;

        assertThat(problemsOf(document))
                .anySatisfy(problem -> assertThat(problem).startsWith("flags.new-checkout.default.rollout.on: "));
    }

    @Test
    void aKeyTargetedByTwoVariantsIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    targets: { on: [user-7, user-9], off: [user-8, user-7] }
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.targets.off: ").contains("user-7").contains("'on'");
    }

    // ---------------------------------------------------------------- prerequisites

    @Test
    void aPrerequisiteOnAnUnknownFlagIsRejected() {
        String document = """
                flags:
                  new-checkout:
                    prerequisites: [ { flag: payments-v3, variant: on } ]
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.prerequisites[0].flag: ").contains("payments-v3");
    }

    @Test
    void aPrerequisiteOnAnUnknownVariantIsRejected() {
        String document = """
                flags:
                  payments-v2: {}
                  new-checkout:
                    prerequisites: [ { flag: payments-v2, variant: enabled } ]
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.prerequisites[0].variant: ").contains("'enabled'");
    }

    @Test
    void aPrerequisiteCycleIsRejectedShowingTheCycle() {
        assertThat(problemsOf(PREREQUISITE_CYCLE)).singleElement().asString()
                .contains("prerequisites")
                .containsPattern("form a cycle: (checkout-a -> checkout-b -> checkout-c -> checkout-a"
                        + "|checkout-b -> checkout-c -> checkout-a -> checkout-b"
                        + "|checkout-c -> checkout-a -> checkout-b -> checkout-c)");
    }

    @Test
    void aFlagThatRequiresItselfIsACycle() {
        String document = """
                flags:
                  new-checkout:
                    prerequisites: [ { flag: new-checkout, variant: on } ]
                """;

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("flags.new-checkout.prerequisites: ").contains("new-checkout -> new-checkout");
    }

    // ---------------------------------------------------------------- duplicates, size, depth

    @Test
    void aDuplicateKeyInAYamlMapIsRejectedNamingTheLine() {
        String document = """
                flags:
                  new-checkout:
                    enabled: true
                  button-color: {}
                  new-checkout:
                    enabled: false
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 5, column ").contains("new-checkout");
    }

    @Test
    void aDuplicateFieldInAYamlFlagIsRejectedNamingTheLine() {
        String document = """
                flags:
                  new-checkout:
                    enabled: true
                    enabled: false
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 4, column ").contains("enabled");
    }

    @Test
    void aDuplicateKeyInAJsonObjectIsRejectedNamingTheLine() {
        String document = """
                {
                  "flags": {
                    "new-checkout": { "enabled": true },
                    "new-checkout": { "enabled": false }
                  }
                }
                """;

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 4, column ").contains("new-checkout");
    }

    @Test
    void aDocumentOverTheSizeLimitIsRejected() {
        String document = padded("flags:\n  new-checkout: {}\n", MAX_DOCUMENT_CHARS + 1);

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("document: ").contains(Integer.toString(MAX_DOCUMENT_CHARS));
    }

    @Test
    void aDocumentAtTheSizeLimitIsAccepted() {
        // JSON padded with white space: YAML that large takes the parser many seconds, which is beside the point.
        String json = "{\"flags\": {\"new-checkout\": {}}}";
        String document = json + " ".repeat(MAX_DOCUMENT_CHARS - json.length());

        assertThat(FlagDocuments.validate(document)).isEmpty();
    }

    @Test
    void aJsonDocumentNestedDeeperThan32LevelsIsRejected() {
        assertThat(problemsOf(nested(33))).singleElement().asString().startsWith("document: ").contains("32");
    }

    @Test
    void aYamlDocumentNestedDeeperThan32LevelsIsRejected() {
        String yaml = "flags:\n  deep:\n    variants:\n      v: " + "[".repeat(29) + "1" + "]".repeat(29) + "\n";

        assertThat(problemsOf(yaml)).singleElement().asString().contains("32");
    }

    @Test
    void aDocumentNested32LevelsDeepIsAccepted() {
        assertThat(FlagDocuments.validate(nested(32))).isEmpty();
    }

    // ---------------------------------------------------------------- YAML anchors and aliases

    @Test
    void aYamlAliasOfASingleValueStandsForItsValueNotItsAnchorsName() {
        String document = "flags: { a: { targets: { on: [&boss alice] } }, b: { targets: { on: [*boss] } } }\n";

        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document))
                .build()) {
            Evaluation<Boolean> alice = flags.evaluateBoolean("b", FlagContext.of("alice"), false);
            Evaluation<Boolean> boss = flags.evaluateBoolean("b", FlagContext.of("boss"), false);

            assertThat(alice.reason()).isEqualTo(Reason.TARGETING_MATCH);
            assertThat(boss.reason()).isNotEqualTo(Reason.TARGETING_MATCH);
        }
    }

    @Test
    void aYamlAliasOfAListOrObjectStandsForACopyOfIt() {
        String document = """
                flags:
                  a:
                    variants: { on: true, off: false }
                    rules:
                      - when: &dutch [ { attribute: country, op: in, values: [NL, BE] } ]
                        serve: off
                  b:
                    rules:
                      - when: *dutch
                        serve: off
                """;

        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(document)).build()) {
            FlagContext dutch = FlagContext.builder("user-1").set("country", "NL").build();

            assertThat(flags.isEnabled("b", dutch)).isFalse();
            assertThat(flags.isEnabled("b", FlagContext.of("user-1"))).isTrue();
        }
    }

    @Test
    void moreYamlAliasesThanTheLimitAreRejectedNamingTheLine() {
        String aliases = "*k, ".repeat(50) + "*k";
        String document = "flags:\n  a:\n    targets: { on: [&k user-0] }\n  b:\n    targets: { on: [" + aliases + "] }\n";

        assertThat(problemsOf(document)).singleElement().asString()
                .startsWith("line 5, column ").contains("more than 50 YAML aliases");
    }

    @Test
    void aliasesOfAliasesCannotMultiplyADocument() {
        StringBuilder document = new StringBuilder("flags:\n  a:\n    variants:\n      v0: &l0 [" + "1, ".repeat(9) + "1]\n");
        for (int i = 1; i <= 8; i++) {
            document.append("      v").append(i).append(": &l").append(i).append(" [")
                    .append(("*l" + (i - 1) + ", ").repeat(4)).append("*l").append(i - 1).append("]\n");
        }

        assertThat(problemsOf(document.toString())).singleElement().asString().contains("YAML aliases add more than");
    }

    @Test
    void aYamlAliasAsAKeyIsRejected() {
        String document = "flags:\n  &k a: {}\n  *k : {}\n";

        assertThat(problemsOf(document)).singleElement().asString().startsWith("line 3, column ")
                .contains("Expected a property name");
    }

    @Test
    void aYamlAliasOfNoAnchorIsRejected() {
        assertThat(problemsOf("flags:\n  a:\n    targets: { on: [*nobody] }\n")).singleElement().asString()
                .startsWith("line 3, column ").contains("*nobody names no anchor");
    }

    // ---------------------------------------------------------------- messages for a person

    @Test
    void aJsonSyntaxErrorShowsNoParserSourceMarker() {
        assertThat(problemsOf("{\"flags\": {\"x\": {\"description\": \"abc\"}}")).singleElement().asString()
                .startsWith("line 1, column ").contains("expected close marker for Object")
                .doesNotContain("Source").doesNotContain("REDACTED").doesNotContain("#UNKNOWN");
    }

    @Test
    void aYamlSyntaxErrorSaysWhatWasExpected() {
        assertThat(problemsOf("flags:\n  x:\n    targets: { on: [a, b }\n")).singleElement().asString()
                .startsWith("line 3, column ").contains("while parsing a flow sequence").contains("expected ',' or ']'");
    }

    @Test
    void oneProblemIsOneProblem() {
        InvalidFlagDocumentException rejected = rejection(() -> FlagSources.inMemory(UNKNOWN_FLAG_FIELD));

        assertThat(rejected.getMessage()).contains("(1 problem)").doesNotContain("1 problems");
    }

    // ---------------------------------------------------------------- prerequisite chains

    /** f0 requires f1 ... requires f{length - 1}. */
    static String chain(int length) {
        StringBuilder document = new StringBuilder("{\"flags\": {");
        for (int i = 0; i < length; i++) {
            document.append(i == 0 ? "" : ",").append("\"f").append(i).append("\": {");
            if (i + 1 < length) {
                document.append("\"prerequisites\": [{\"flag\": \"f").append(i + 1).append("\", \"variant\": \"on\"}]");
            }
            document.append('}');
        }
        return document.append("}}").toString();
    }

    @Test
    void aChainOf5000PrerequisitesIsAnsweredNotAStackOverflow() {
        String document = chain(5000);

        assertThat(FlagDocuments.validate(document)).singleElement().asString()
                .startsWith("flags.f0.prerequisites: ").contains("4999 prerequisites").contains("16");
    }

    @Test
    void aCycleAtTheEndOfALongChainIsFoundWithoutAStackOverflow() {
        String document = chain(5000).replace("\"f4999\": {}",
                "\"f4999\": {\"prerequisites\": [{\"flag\": \"f4000\", \"variant\": \"on\"}]}");

        assertThat(FlagDocuments.validate(document)).singleElement().asString().contains("form a cycle: ")
                .contains("f4999 -> f4000");
    }

    @Test
    void aChainDeeperThanEvaluationFollowsIsRejectedNamingItsFirstFlag() {
        // 17 prerequisites: evaluation stops at 16, so f0 could only ever answer an error.
        assertThat(FlagDocuments.validate(chain(18))).singleElement().asString()
                .startsWith("flags.f0.prerequisites: ").contains("f0 -> f1").contains("f17");
    }

    @Test
    void aChainAsDeepAsEvaluationFollowsIsAcceptedAndServes() {
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(chain(17))).build()) {
            Evaluation<Boolean> first = flags.evaluateBoolean("f0", FlagContext.of("user-1"), false);

            assertThat(first.value()).isTrue();
            assertThat(first.errorCode()).isNull();
        }
    }

    // ---------------------------------------------------------------- FlagDocuments.validate

    @Test
    void validateAnswersWithProblemsNotAnExceptionForAValueListedTwice() {
        String document = """
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: country, op: in, values: [NL, BE, LU, DE, NL] } ]
                        serve: on
                """;

        assertThatCode(() -> FlagDocuments.validate(document)).doesNotThrowAnyException();
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(THREE_PROBLEMS, UNKNOWN_OPERATOR, UNKNOWN_FLAG_FIELD, UNKNOWN_TOP_LEVEL_FIELD, BAD_WEIGHTS,
                PREREQUISITE_CYCLE, "{ \"flags\": { ", "flags:\n  a: {}\n  a: {}\n", nested(40))
                .map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("invalidDocuments")
    void validateListsTheSameProblemsAsARejectedUpdate(String document) {
        assertThat(FlagDocuments.validate(document)).isNotEmpty().isEqualTo(problemsOf(document));
    }

    @Test
    void validateFindsNoProblemInAValidDocument() {
        assertThat(FlagDocuments.validate(GOOD)).isEmpty();
        assertThat(FlagDocuments.validate(BETTER)).isEmpty();
        assertThat(FlagDocuments.validate("flags: {}\n")).isEmpty();
    }

    @Test
    void validateChangesNothingInARunningClient() {
        InMemoryFlagSource source = FlagSources.inMemory(GOOD);

        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            FlagDocuments.validate(BETTER);

            assertThat(flags.isEnabled("new-checkout", FlagContext.of("user-1"))).isTrue();
        }
    }
}
