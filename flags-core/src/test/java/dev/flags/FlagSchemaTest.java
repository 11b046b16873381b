package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The JSON Schema of the flag document against the example documents under {@code dev/flags/schema/}:
 * every {@code valid/} example conforms, and every {@code invalid/} example is rejected at the place its
 * second line names ({@code # invalid at: #/flags/new-checkout/enabled}, a JSON pointer as a URI fragment;
 * {@code #} is the document itself).
 *
 * <p>{@code SchemaParserAgreementTest} feeds the same examples to the parser.
 */
class FlagSchemaTest {

    static final String SCHEMA_RESOURCE = "/dev/flags/flags.schema.json";
    static final String SCHEMA_ID = "https://flags.dev/schema/flags.schema.json";
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";
    private static final String EXAMPLES = "/dev/flags/schema/";

    /**
     * Flag documents shipped elsewhere (other modules' examples, the quickstart's flags file) that must
     * conform too. Each entry is a classpath resource ({@code "classpath:/flags.yaml"}) or a file or
     * directory relative to this module ({@code "../examples/src/main/resources/flags.yaml"}); a directory
     * adds every {@code .json}, {@code .yaml} and {@code .yml} file under it. A location that does not
     * exist fails the test rather than being skipped.
     */
    static final List<String> EXTRA_VALID_LOCATIONS = List.of("../examples/src/main/resources/quickstart/flags.yaml");

    private static final Set<String> CONDITIONAL_KEYWORDS = Set.of("if", "then", "else");
    private static final Pattern BROKEN_AT = Pattern.compile("^# invalid at: (#\\S*)$", Pattern.MULTILINE);

    // 2020-12 makes `format` an annotation only; the parser rejects a ramp `start` that is no instant,
    // so the schema is checked the way an asserting editor would check it.
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDialect(Dialects.getDraft202012(),
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true)
                    .pathType(PathType.JSON_POINTER)
                    .build()));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Schema SCHEMA = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID), schemaTree());

    @ParameterizedTest(name = "{0}")
    @MethodSource("validExamples")
    void validExampleConformsToTheSchema(Example example) {
        assertThat(SCHEMA.validate(example.tree()))
                .as("%s should conform to the schema", example.name())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidExamples")
    void invalidExampleIsRejectedWhereItIsBroken(Example example) {
        String brokenAt = example.brokenAt();
        List<String> errorLocations = SCHEMA.validate(example.tree()).stream()
                .map(FlagSchemaTest::location)
                .toList();

        assertThat(errorLocations)
                .as("%s should be rejected by the schema", example.name())
                .isNotEmpty();
        assertThat(errorLocations)
                .as("%s should be rejected at %s", example.name(), brokenAt)
                .anyMatch(location -> location.equals(brokenAt) || location.startsWith(brokenAt + "/"));
    }

    @Test
    void schemaIsAValidDraft202012Schema() {
        Schema metaSchema = REGISTRY.getSchema(SchemaLocation.of(DRAFT_2020_12));

        assertThat(metaSchema.validate(schemaTree())).isEmpty();
    }

    @Test
    void schemaDeclaresItsDialectAndItsId() {
        JsonNode schema = schemaTree();

        assertThat(schema.path("$schema").asString()).isEqualTo(DRAFT_2020_12);
        assertThat(schema.path("$id").asString()).isEqualTo(SCHEMA_ID);
        assertThat(schema.path("title").asString()).isNotBlank();
    }

    @Test
    void everyReferenceInTheSchemaResolves() {
        assertThatCode(SCHEMA::initializeValidators).doesNotThrowAnyException();
    }

    @Test
    void everyPropertyAndDefinitionIsDescribedForEditors() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribed(schemaTree(), "#", undescribed);

        assertThat(undescribed).as("schemas without a description").isEmpty();
    }

    /** The examples that must conform: those under {@code valid/}, then {@link #EXTRA_VALID_LOCATIONS}. */
    static Stream<Example> validExamples() {
        return Stream.concat(
                bundledExamples("valid").stream(),
                EXTRA_VALID_LOCATIONS.stream().flatMap(location -> examplesAt(location).stream()));
    }

    /** The examples that must be rejected: those under {@code invalid/}, one structural problem each. */
    static Stream<Example> invalidExamples() {
        return bundledExamples("invalid").stream();
    }

    /**
     * One example flag document.
     *
     * @param name where it comes from, ending in its format's extension ({@code invalid/rule-without-when.yaml})
     * @param text the document as written
     */
    record Example(String name, String text) {

        JsonNode tree() {
            return (name.endsWith(".json") ? JSON : YAML).readTree(text);
        }

        /** The JSON pointer (as a URI fragment) of the innermost value that is wrong. */
        String brokenAt() {
            Matcher header = BROKEN_AT.matcher(text);
            assertThat(header.find())
                    .as("%s should say where it is broken on a line '# invalid at: #/json/pointer'", name)
                    .isTrue();
            return header.group(1);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static String location(Error error) {
        return "#" + error.getInstanceLocation();
    }

    // if/then/else only constrain properties declared elsewhere: editors take no documentation from them.
    private static void collectUndescribed(JsonNode schema, String pointer, List<String> undescribed) {
        for (Map.Entry<String, JsonNode> member : schema.properties()) {
            String key = member.getKey();
            JsonNode value = member.getValue();
            String path = pointer + "/" + key;
            if (CONDITIONAL_KEYWORDS.contains(key)) {
                continue;
            }
            if ((key.equals("properties") || key.equals("$defs")) && value.isObject()) {
                value.properties().stream()
                        .filter(named -> !named.getValue().has("description"))
                        .forEach(named -> undescribed.add(path + "/" + named.getKey()));
            }
            if (value.isObject()) {
                collectUndescribed(value, path, undescribed);
            } else if (value.isArray()) {
                int index = 0;
                for (JsonNode element : value.values()) {
                    collectUndescribed(element, path + "/" + index++, undescribed);
                }
            }
        }
    }

    private static JsonNode schemaTree() {
        try (InputStream in = FlagSchemaTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as("the schema on the classpath at %s", SCHEMA_RESOURCE).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Example> bundledExamples(String kind) {
        URL directory = FlagSchemaTest.class.getResource(EXAMPLES + kind);
        assertThat(directory).as("example directory %s%s on the classpath", EXAMPLES, kind).isNotNull();
        try {
            Path path = Path.of(directory.toURI());
            return documentsUnder(path).stream()
                    .map(file -> read(file, kind + "/" + path.relativize(file).toString().replace('\\', '/')))
                    .toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Example> examplesAt(String location) {
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length());
            try (InputStream in = FlagSchemaTest.class.getResourceAsStream(resource)) {
                assertThat(in).as("extra example %s", location).isNotNull();
                return List.of(new Example(location, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path path = Path.of(location);
        assertThat(path).as("extra example %s (relative to %s)", location, Path.of("").toAbsolutePath()).exists();
        List<Path> files = Files.isDirectory(path) ? documentsUnder(path) : List.of(path);
        return files.stream().map(file -> read(file, file.toString().replace('\\', '/'))).toList();
    }

    private static List<Path> documentsUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.toString().matches(".*\\.(json|ya?ml)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Example read(Path file, String name) {
        try {
            return new Example(name, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
