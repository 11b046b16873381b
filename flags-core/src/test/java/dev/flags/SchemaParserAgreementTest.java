package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser and the JSON Schema agree on every example of {@link FlagSchemaTest}: a document the schema
 * accepts, the parser accepts; a document the schema rejects, the parser rejects. An editor checking a
 * flag file against the schema never promises what the library then refuses, and the reverse.
 *
 * <p>The parser also checks what the schema cannot express (weights adding up to 100, references to
 * variants, segments and flags, prerequisite cycles, regex and version syntax), so the valid examples
 * are valid in those respects too.
 */
class SchemaParserAgreementTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.flags.FlagSchemaTest#validExamples")
    void parserAcceptsWhatTheSchemaAccepts(FlagSchemaTest.Example example) {
        assertThat(FlagDocuments.validate(example.text()))
                .as("the parser should accept %s, as the schema does", example.name())
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.flags.FlagSchemaTest#invalidExamples")
    void parserRejectsWhatTheSchemaRejects(FlagSchemaTest.Example example) {
        assertThat(FlagDocuments.validate(example.text()))
                .as("the parser should reject %s, as the schema does", example.name())
                .isNotEmpty();
    }
}
