package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.testsupport.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's snippets are the shipped schema and tested code. Its operator SQL is run by
 * {@link JdbcFlagStoreContract#theReadmesOperatorSqlRunsAndWritesOnlyValidFlags} on H2 and PostgreSQL.
 */
class ReadmeTest {

    private static final ReadmeBlocks README = ReadmeBlocks.of("README.md");

    @Test
    void theSchemaShownIsTheOneInTheJar() {
        String shipped = withoutComments(Sql.resource(Sql.POSTGRESQL_SCHEMA));
        String shown = README.in("sql").stream().filter(block -> block.text().contains("CREATE TABLE"))
                .findFirst().orElseThrow().text();

        for (String statement : withoutComments(shown).split(";")) {
            if (!statement.isBlank()) {
                assertThat(shipped).as("README statement").contains(statement.strip());
            }
        }
    }

    @Test
    void everyJavaSnippetIsTestedCode() {
        String tested = ReadmeBlocks.sources(".java", "src/test/java");

        assertThat(README.in("java")).isNotEmpty().allSatisfy(block ->
                assertThat(tested).as("README line " + block.line()).contains(ReadmeBlocks.normalized(block.text())));
    }

    @Test
    void everyProgramTheCommandsRunExists() throws ReflectiveOperationException {
        Matcher main = Pattern.compile("-Dflags\\.main=([\\w.]+)").matcher(String.join("\n",
                README.blocks().stream().map(ReadmeBlocks.Block::text).toList()));
        int found = 0;
        while (main.find()) {
            Class.forName(main.group(1)).getMethod("main", String[].class);
            found++;
        }
        assertThat(found).isEqualTo(2);
    }

    @Test
    void theDependencyShownIsThisModule() throws IOException {
        assertThat(README.in("xml").get(0).text()).contains("<artifactId>flags-jdbc</artifactId>")
                .contains("<version>" + version() + "</version>");
    }

    /** The project's version, from the parent POM. */
    static String version() throws IOException {
        Matcher version = Pattern.compile("<artifactId>flags-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    /** SQL with its comments left out and its whitespace collapsed. */
    static String withoutComments(String sql) {
        return sql.replaceAll("--[^\\n]*", "").replaceAll("\\s+", " ");
    }
}
