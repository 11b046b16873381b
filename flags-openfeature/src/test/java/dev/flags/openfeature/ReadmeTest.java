package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.testsupport.ReadmeBlocks;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EvaluationContext;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The README's snippets: its Java runs here word for word, its dependency and example are this project's. */
class ReadmeTest {

    private static final Logger log = LoggerFactory.getLogger(ReadmeTest.class);
    private static final ReadmeBlocks README = ReadmeBlocks.of("README.md");

    @Test
    void theUseExampleRunsAsWritten() {
        FeatureFlags flags = FeatureFlags.builder()                  // the engine, configured as usual
                .source(FlagSources.classpath("flags.yaml"))
                .build();
        OpenFeatureAPI api = OpenFeatureAPI.getInstance();
        api.setProviderAndWait(new FlagsProvider(flags));            // waits until the flags are loaded

        Client client = api.getClient();
        EvaluationContext user = new ImmutableContext("user-42", Map.of("country", new Value("NL")));
        boolean on = client.getBooleanValue("new-checkout", false, user);
        FlagEvaluationDetails<String> color = client.getStringDetails("button-color", "blue", user);
        color.getVariant(); color.getReason(); color.getErrorCode();
        color.getFlagMetadata().getString("ruleName");               // "dutch users"

        client.onProviderConfigurationChanged(event -> log.info("changed {}", event.getFlagsChanged()));

        api.shutdown();                                              // shuts the provider down...
        flags.close();                                               // ...the client is yours to close

        assertThat(on).isTrue();
        assertThat(color.getValue()).isEqualTo("orange");
        assertThat(color.getFlagMetadata().getString("ruleName")).isEqualTo("dutch users");
    }

    @Test
    void everyJavaSnippetIsTestedCode() {
        String tested = ReadmeBlocks.sources(".java", "src/test/java");

        assertThat(README.in("java")).isNotEmpty().allSatisfy(block ->
                assertThat(tested).as("README line " + block.line()).contains(ReadmeBlocks.normalized(block.text())));
    }

    @Test
    void theDependencyIsThisModuleAndTheExampleExists() throws Exception {
        Matcher version = Pattern.compile("<artifactId>flags-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(README.in("xml").get(0).text()).contains("<artifactId>flags-openfeature</artifactId>")
                .contains("<version>" + version.group(1) + "</version>");
        Matcher main = Pattern.compile("-Dflags\\.main=([\\w.]+)").matcher(README.blocks().toString());
        assertThat(main.find()).isTrue();
        assertThat(Path.of("../examples/src/main/java/" + main.group(1).replace('.', '/') + ".java")).isRegularFile();
    }
}
