package dev.flags.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The fenced code blocks of a README, for the tests that run them or find them in tested code. */
public record ReadmeBlocks(List<Block> blocks) {

    /** One fenced block: its language (empty when none is given), its text and the line it starts on. */
    public record Block(String language, String text, int line) {
    }

    /** The blocks of a README, relative to the module's directory (the tests' working directory). */
    public static ReadmeBlocks of(String readme) {
        try {
            List<String> lines = Files.readAllLines(Path.of(readme));
            List<Block> blocks = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("```")) {
                    int start = i;
                    StringBuilder text = new StringBuilder();
                    for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                        text.append(lines.get(i)).append('\n');
                    }
                    blocks.add(new Block(line.substring(3).strip(), text.toString(), start + 1));
                }
            }
            return new ReadmeBlocks(List.copyOf(blocks));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The blocks in this language. */
    public List<Block> in(String language) {
        return blocks.stream().filter(block -> block.language().equals(language)).toList();
    }

    /** The text with each line stripped and blank lines left out, to compare code whatever its indentation. */
    public static String normalized(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n"));
    }

    /** Every file under these directories with this ending, normalized, joined. */
    public static String sources(String ending, String... directories) {
        StringBuilder all = new StringBuilder();
        for (String directory : directories) {
            try (Stream<Path> files = Files.walk(Path.of(directory))) {
                for (Path file : files.filter(path -> path.toString().endsWith(ending)).toList()) {
                    all.append(normalized(Files.readString(file))).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all.toString();
    }
}
