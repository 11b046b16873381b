package dev.flags.benchmarks.coldstart;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This library: the document read from its file, through {@code FlagSources.inMemory}. */
final class FlagsSample implements FirstEvaluation.Sample {

    private final Path document;
    private FeatureFlags client;

    FlagsSample(Path document) {
        this.document = document;
    }

    @Override
    public void firstEvaluation() throws IOException {
        client = FeatureFlags.builder().source(FlagSources.inMemory(Files.readString(document))).build();
        client.isEnabled("flag-0", FlagContext.builder("user-42").set("country", "DE").build());
    }

    @Override
    public void check(int flags) {
        if (client.status().flagCount() != flags) {
            throw new IllegalStateException("flags did not load " + document + ": " + client.status());
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
