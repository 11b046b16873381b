package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.testsupport.CapturedStderr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What status and the log say when a source's document is rejected: read by a person woken at 3 a.m. */
class RejectionMessagesTest {

    private static final String GOOD = "flags: { a: { enabled: true } }";
    private static final String ONE_PROBLEM = "flags: { a: { enabeld: true } }";
    private static final String TWO_PROBLEMS = "flags: { a: { enabeld: true }, b: { enabled: maybe } }";

    @Test
    void oneProblemIsToldAsItIs() {
        InMemoryFlagSource source = source("one-problem", GOOD);
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            assertThatThrownBy(() -> source.update(ONE_PROBLEM)).isInstanceOf(InvalidFlagDocumentException.class);

            assertThat(flags.status().lastError())
                    .startsWith("one-problem: rejected an invalid document: flags.a.enabeld: unknown field");
        }
    }

    @Test
    void severalProblemsAreCountedAndTheConsequenceComesBeforeTheirList() {
        InMemoryFlagSource source = source("two-problems", GOOD);
        String log;
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build();
                CapturedStderr stderr = new CapturedStderr()) {
            assertThatThrownBy(() -> source.update(TWO_PROBLEMS)).isInstanceOf(InvalidFlagDocumentException.class);
            log = stderr.text();

            assertThat(flags.status().lastError())
                    .startsWith("two-problems: rejected an invalid document with 2 problems, the first: flags.a.");
        }
        List<String> lines = warning(log, "two-problems");
        assertThat(lines.get(0)).contains("rejected a document; the last good flags stay in force.", "(2 problems)");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("  - flags.b.enabled").doesNotContain("last good");
    }

    @Test
    void withoutGoodFlagsEverItSaysCallersGetTheirDefaults() {
        InMemoryFlagSource source = new InMemoryFlagSource("never-good");
        String log;
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build();
                CapturedStderr stderr = new CapturedStderr()) {
            assertThatThrownBy(() -> source.update(ONE_PROBLEM)).isInstanceOf(InvalidFlagDocumentException.class);
            log = stderr.text();

            assertThat(flags.status().lastError()).endsWith("; no flags from it yet, callers get their defaults")
                    .doesNotContain("last good");
        }
        assertThat(String.join("\n", warning(log, "never-good")))
                .contains("callers get their defaults").doesNotContain("last good");
    }

    private static InMemoryFlagSource source(String name, String document) {
        InMemoryFlagSource source = new InMemoryFlagSource(name);
        source.update(document);
        return source;
    }

    /** The WARN line naming this source, with the problem lines that follow it. */
    private static List<String> warning(String log, String source) {
        List<String> lines = log.lines().toList();
        int start = 0;
        while (!(lines.get(start).contains(" WARN ") && lines.get(start).contains("Flag source " + source))) {
            start++;
        }
        int end = start + 1;
        while (end < lines.size() && lines.get(end).startsWith("  - ")) {
            end++;
        }
        return lines.subList(start, end);
    }
}
