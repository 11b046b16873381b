package dev.flags.test.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.Reason;
import dev.flags.FlagContext;
import dev.flags.test.TestFlags;
import dev.flags.testsupport.ReadmeBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's snippets are tested code: each Java one runs here or in {@link CheckoutTest}, word for word. */
class ReadmeTest {

    private static final ReadmeBlocks README = ReadmeBlocks.of("README.md");

    @Test
    void thePlainUnitTestExampleRunsAsWritten() {
        TestFlags flags = TestFlags.builder()
                .on("new-checkout")                                   // a boolean flag serving on to everyone
                .off("payments")                                      // ... serving off
                .variant("button-color", "red", Map.of("blue", "#00f", "red", "#f00"))
                .value("rate-limit", 100)                             // one variant holding 100: getLong reads it
                .build();

        Checkout checkout = new Checkout(flags.client());            // the code under test takes the real FeatureFlags

        flags.off("new-checkout");                                    // change it mid-test: the next evaluation sees it
        flags.variant("button-color", "blue");
        flags.value("rate-limit", 5);
        flags.clear("new-checkout");                                  // back to what the builder defined

        assertThat(checkout.steps()).isEqualTo(1);
        assertThat(flags.client().evaluateString("button-color", FlagContext.anonymous(), "").variant())
                .isEqualTo("blue");
        assertThat(flags.client().getLong("rate-limit", FlagContext.anonymous(), 0)).isEqualTo(5);
        assertThat(flags.client().evaluateBoolean("new-checkout", FlagContext.anonymous(), false).reason())
                .isEqualTo(Reason.STATIC);
    }

    @Test
    void everyJavaSnippetIsTestedCode() {
        String tested = ReadmeBlocks.sources(".java", "src/test/java");

        assertThat(README.in("java")).hasSize(3).allSatisfy(block ->
                assertThat(tested).as("README line " + block.line()).contains(ReadmeBlocks.normalized(block.text())));
    }

    @Test
    void theSurefireConfigurationIsTheExamplesOwn() throws IOException {
        String examples = ReadmeBlocks.normalized(Files.readString(Path.of("../examples/pom.xml")));

        assertThat(examples).contains(ReadmeBlocks.normalized(README.in("xml").get(1).text()));
    }

    @Test
    void theDependencyIsThisModule() throws IOException {
        Matcher version = Pattern.compile("<artifactId>flags-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(version.find()).isTrue();
        assertThat(README.in("xml").get(0).text()).contains("<artifactId>flags-test</artifactId>")
                .contains("<version>" + version.group(1) + "</version>");
    }
}
