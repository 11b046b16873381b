package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.flags.model.Condition;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import dev.flags.model.Ramp;
import dev.flags.model.Rule;
import dev.flags.model.Segment;
import dev.flags.model.ServeBlock;
import dev.flags.model.Weight;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading a document into the model, checking a model, and writing it back (the FlagDocuments API). */
class FlagDocumentsTest {

    static final String DOCUMENT = """
            revision: 7
            segments:
              beta: { include: [user-1], when: [ { attribute: email, op: endsWith, values: ["@example.com"] } ] }
            flags:
              new-checkout:
                description: New checkout flow
                prerequisites: [ { flag: payments, variant: on } ]
                targets: { on: [user-7] }
                rules:
                  - name: dutch
                    when: [ { attribute: country, op: in, values: [NL, BE] } ]
                    serve: on
                default:
                  rollout: { on: 10, off: 90 }
                  by: userId
                  ramp: { variant: on, from: 10, to: 100, start: "2026-12-01T00:00:00Z", end: "2026-12-08T00:00:00Z" }
              payments: {}
              layout:
                variants: { wide: { columns: 3, ratio: 0.5, tags: [a, b] }, narrow: { columns: 1 } }
                default: { serve: narrow }
            """;

    // ---------------------------------------------------------------- round trip over every document of the repo

    /** Every valid flag document, YAML or JSON, in the repository: examples, test resources, benchmark scenarios. */
    static Stream<Path> documents() throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.walk(ROOT)) {
            found = files.filter(Files::isRegularFile)
                    .filter(path -> path.toString().matches(".*\\.(yaml|yml|json)$"))
                    .filter(path -> !path.toString().contains("/target/") && !path.toString().contains("/.git/")
                            && !path.toString().contains("/node_modules/"))
                    .filter(path -> FlagDocuments.problems(read(path)).isEmpty())
                    .sorted()
                    .toList();
        }
        // The examples, the test kit's and Spring's test documents and the valid schema cases at least.
        assertThat(found).hasSizeGreaterThanOrEqualTo(8)
                .anySatisfy(path -> assertThat(path.toString()).endsWith("quickstart/flags.yaml"))
                .anySatisfy(path -> assertThat(path.toString()).endsWith("spring-boot-app/src/main/resources/flags.yaml"))
                .anySatisfy(path -> assertThat(path.toString()).endsWith("schema/valid/full.yaml"));
        return found.stream().map(ROOT::relativize);
    }

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    private static String read(Path path) {
        try {
            return Files.readString(ROOT.resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyDocumentOfTheRepositoryReadsBackEqualFromItsJson(Path path) {
        FlagDocument model = FlagDocuments.parse(read(path));

        assertThat(FlagDocuments.parse(FlagDocuments.toJson(model))).isEqualTo(model);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void everyDocumentOfTheRepositoryReadsBackEqualFromItsYaml(Path path) {
        FlagDocument model = FlagDocuments.parse(read(path));

        assertThat(FlagDocuments.parse(FlagDocuments.toYaml(model))).isEqualTo(model);
    }

    @Test
    void aDocumentWithEveryKindOfFieldReadsBackEqual() {
        FlagDocument model = FlagDocuments.parse(DOCUMENT);

        assertThat(FlagDocuments.parse(FlagDocuments.toJson(model))).isEqualTo(model);
        assertThat(FlagDocuments.parse(FlagDocuments.toYaml(model))).isEqualTo(model);
        assertThat(model.revision()).isEqualTo(7L);
    }

    @Test
    void textThatLooksLikeAnotherYamlValueStaysText() {
        List<String> tricky = List.of("0", "-1", "1.5", "1e3", "0x10", "0o7", ".inf", "-.Inf", ".nan", "true", "False",
                "null", "Null", "~", "on", "yes", "no", "y", "2026-12-01", "12:30", "- x", "#x", "a: b", "a #b", "",
                " x", "x ", "'q'", "\"q\"", "[1]", "{a: 1}", "*a", "&a", "!tag", "%x", "@x", "`x", "|", ">", "a\nb");
        FlagDefinition.Builder flag = FlagDefinition.builder();
        for (int i = 0; i < tricky.size(); i++) {
            flag.variant("v" + i, tricky.get(i));
        }
        FlagDocument model = FlagDocument.empty().withFlag("tricky", flag.defaultServe(ServeBlock.serve("v0")).build());

        assertThat(FlagDocuments.parse(FlagDocuments.toYaml(model))).isEqualTo(model);
    }

    @Test
    void writingIsCanonicalWhateverTheOrderAndFormatOfTheSource() {
        String json = """
                {"flags": {"b": {"default": {"serve": "off"}, "enabled": false}, "a": {}}, "revision": 3}
                """;
        String yaml = "revision: 3\nflags:\n  a: {}\n  b:\n    enabled: false\n    default: { serve: off }\n";

        assertThat(FlagDocuments.toJson(FlagDocuments.parse(json)))
                .isEqualTo(FlagDocuments.toJson(FlagDocuments.parse(yaml)))
                .isEqualTo("""
                        {
                          "revision" : 3,
                          "flags" : {
                            "a" : {
                              "enabled" : true
                            },
                            "b" : {
                              "enabled" : false,
                              "default" : {
                                "serve" : "off"
                              }
                            }
                          }
                        }
                        """);
    }

    @Test
    void theModelHoldsWhatTheDocumentSays() {
        FlagDocument model = FlagDocuments.parse(DOCUMENT);
        FlagDefinition checkout = model.flag("new-checkout").orElseThrow();

        assertThat(model.flags().keySet()).containsExactly("layout", "new-checkout", "payments");
        assertThat(checkout.variants()).isEmpty();
        assertThat(checkout.effectiveVariants()).containsExactly(Map.entry("on", true), Map.entry("off", false));
        assertThat(checkout.rules()).containsExactly(
                Rule.when(Condition.of("country", "in", "NL", "BE")).named("dutch").serve("on"));
        assertThat(checkout.defaultServe()).isEqualTo(ServeBlock.rollout(Weight.of("on", 10), Weight.of("off", 90))
                .withBy("userId")
                .withRamp(new Ramp("on", 10, 100, Instant.parse("2026-12-01T00:00:00Z"),
                        Instant.parse("2026-12-08T00:00:00Z"))));
        assertThat(model.flag("layout").orElseThrow().variants().get("wide"))
                .isEqualTo(Map.of("columns", 3L, "ratio", 0.5, "tags", List.of("a", "b")));
        assertThat(model.segments().get("beta"))
                .isEqualTo(Segment.including("user-1").withWhen(List.of(Condition.of("email", "endsWith", "@example.com"))));
    }

    /** The README's example of the model ("Documents in code"), kept in step with it by hand. */
    @Test
    void theModelReadsChangesAndWritesDocuments() {
        String text = """
                flags:
                  new-checkout: { default: { rollout: { on: 10, off: 90 }, by: userId } }
                  retired: {}
                """;

        FlagDocument document = FlagDocuments.parse(text);              // JSON or YAML; throws InvalidFlagDocumentException
        FlagDefinition checkout = document.flag("new-checkout").orElseThrow();
        FlagDocument next = document
                .withFlag("new-checkout", checkout.withDefaultRollout(25))   // default: rollout {on: 25, off: 75}, by/ramp kept
                .withFlag("old-banner", FlagDefinition.on().killed())        // enabled: false
                .withFlag("button-color", FlagDefinition.builder()
                        .variant("red", "#f00").variant("blue", "#00f")
                        .target("blue", "user-7")
                        .rule(Rule.when(Condition.of("country", "in", "NL", "BE")).named("dutch").serve("blue"))
                        .defaultServe(ServeBlock.serve("red"))
                        .build())
                .withoutFlag("retired")
                .withRevision(43L);
        List<DocumentProblem> problems = FlagDocuments.problems(next);  // empty: a client would accept it
        String json = FlagDocuments.toJson(next);                        // canonical; FlagDocuments.toYaml(next) too

        assertThat(problems).isEmpty();
        assertThat(FlagDocuments.parse(json)).isEqualTo(next);
        assertThat(next.flags().keySet()).containsExactly("button-color", "new-checkout", "old-banner");
        assertThat(next.flag("new-checkout").orElseThrow().defaultServe())
                .isEqualTo(ServeBlock.rollout(Weight.of("on", 25), Weight.of("off", 75)).withBy("userId"));
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(json)).build()) {
            FlagContext dutch = FlagContext.builder("user-1").set("country", "NL").build();
            assertThat(flags.getString("button-color", dutch, "none")).isEqualTo("#00f");
            assertThat(flags.evaluateBoolean("old-banner", dutch, true).reason()).isEqualTo(Reason.DISABLED);
        }
    }

    // ---------------------------------------------------------------- problems in parts

    @Test
    void aProblemNamesItsFlagAndTheFieldInsideIt() {
        List<DocumentProblem> problems = FlagDocuments.problems("""
                flags:
                  new-checkout:
                    rules:
                      - when: [ { attribute: country, op: equals, values: [NL] } ]
                        serve: on
                """);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.flag()).isEqualTo("new-checkout");
            assertThat(problem.field()).isEqualTo("rules[0].when[0].op");
            assertThat(problem.message()).startsWith("unknown operator 'equals'");
            assertThat(problem.line()).isZero();
            assertThat(problem).hasToString("flags.new-checkout.rules[0].when[0].op: " + problem.message());
        });
    }

    @Test
    void aFlagKeyWithDotsIsNamedWhole() {
        assertThat(FlagDocuments.problems("flags:\n  checkout.v2:\n    enabled: maybe\n")).singleElement()
                .returns("checkout.v2", DocumentProblem::flag)
                .returns("enabled", DocumentProblem::field);
    }

    @Test
    void aProblemOutsideAnyFlagHasNoFlagAndASyntaxErrorItsLine() {
        assertThat(FlagDocuments.problems("revision: -1\nflags: {}\n")).singleElement()
                .returns(null, DocumentProblem::flag)
                .returns("revision", DocumentProblem::field);
        assertThat(FlagDocuments.problems("flags:\n  x: [\n")).singleElement()
                .returns(null, DocumentProblem::flag)
                .satisfies(problem -> assertThat(problem.line()).isPositive());
    }

    @Test
    void parseThrowsEveryProblemInParts() {
        InvalidFlagDocumentException rejected = catchThrowableOfType(InvalidFlagDocumentException.class,
                () -> FlagDocuments.parse(ValidationTest.THREE_PROBLEMS));

        assertThat(rejected.problems()).extracting(DocumentProblem::flag, DocumentProblem::field).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("button-color", "offVariant"),
                org.assertj.core.groups.Tuple.tuple("button-color", "rules[0].when[1].op"),
                org.assertj.core.groups.Tuple.tuple("sample-ratio", "default.rollout"));
    }

    @Test
    void aModelIsCheckedAsItsDocumentWouldBe() {
        FlagDocument document = FlagDocument.empty()
                .withFlag("color", FlagDefinition.builder().variant("red", "#f00").defaultServe(ServeBlock.serve("blue"))
                        .build());

        assertThat(FlagDocuments.problems(document)).singleElement()
                .returns("color", DocumentProblem::flag)
                .returns("default.serve", DocumentProblem::field);
        assertThat(FlagDocuments.problems(FlagDocuments.toJson(document)))
                .isEqualTo(FlagDocuments.problems(document));
    }

    @Test
    void parseFlagReadsOneDefinitionAndItsShapeProblems() {
        FlagDefinition flag = FlagDocuments.parseFlag("new-checkout", "{\"enabled\": false}");

        assertThat(flag).isEqualTo(FlagDefinition.on().killed());
        assertThat(catchThrowableOfType(InvalidFlagDocumentException.class,
                () -> FlagDocuments.parseFlag("new-checkout", "{\"enabled\": \"no\"}")).problems())
                .singleElement().returns("new-checkout", DocumentProblem::flag).returns("enabled", DocumentProblem::field);
        assertThat(FlagDocuments.parseFlag("x", FlagDocuments.toJson(flag))).isEqualTo(flag);
    }

    @Test
    void anyTextIsAnsweredNotThrown() {
        assertThat(FlagDocuments.problems("")).isNotEmpty();
        assertThat(FlagDocuments.problems("[1, 2]")).isNotEmpty();
        assertThat(FlagDocuments.problems("flags: ")).isNotEmpty();
        assertThat(FlagDocuments.problems("flags:\n  x:\n    rules: [ 1, { when: 2 } ]\n    default: 3\n")).isNotEmpty();
    }

    @Test
    void aFlagOfTheWrongShapeIsNotAlsoAnUnknownPrerequisite() {
        assertThat(FlagDocuments.validate("""
                flags:
                  a: { prerequisites: [ { flag: b, variant: on } ] }
                  b: { enabled: maybe }
                """)).singleElement().asString().startsWith("flags.b.enabled: ");
    }

    @Test
    void theSchemaFieldIsAcceptedAndNotKept() {
        assertThat(FlagDocuments.parse("$schema: ./flags.schema.json\nflags: {}\n")).isEqualTo(FlagDocument.empty());
    }

    @Test
    void aThrownModelMessageNamesWhereItCameFrom() {
        assertThatThrownBy(() -> FlagDocuments.parse("flags: {x: {enabled: 1}}"))
                .hasMessageStartingWith("Invalid flag document given to FlagDocuments.parse (1 problem)");
    }
}
