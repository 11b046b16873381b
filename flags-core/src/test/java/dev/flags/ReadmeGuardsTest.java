package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.testsupport.ReadmeBlocks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's "Release guards" section: its document is valid and its code is the code GuardTest runs. */
class ReadmeGuardsTest {

    private final List<ReadmeBlocks.Block> blocks = section("## Release guards");

    @Test
    void theDocumentIsValid() {
        assertThat(blocks).filteredOn(block -> block.language().equals("yaml")).singleElement()
                .satisfies(block -> assertThat(FlagDocuments.problems(block.text())).isEmpty());
    }

    @Test
    void theCodeIsTested() {
        String tested = ReadmeBlocks.sources(".java", "src/test/java");
        assertThat(blocks).filteredOn(block -> block.language().equals("java")).singleElement()
                .satisfies(block -> assertThat(tested).contains(ReadmeBlocks.normalized(block.text())));
    }

    private static List<ReadmeBlocks.Block> section(String heading) {
        try {
            List<String> lines = Files.readAllLines(Path.of("README.md"));
            int start = lines.indexOf(heading) + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("## ")) {
                end++;
            }
            int first = start;
            int last = end;
            return ReadmeBlocks.of("README.md").blocks().stream()
                    .filter(block -> block.line() > first && block.line() <= last).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
