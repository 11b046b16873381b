package dev.flags.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineDiffTest {

    @Test
    void aChangedLineIsShownRemovedThenAdded() {
        assertThat(LineDiff.of("description: New checkout\nenabled: true\n",
                "description: New checkout\nenabled: false\n"))
                .containsExactly("  description: New checkout", "- enabled: true", "+ enabled: false");
    }

    @Test
    void linesOnlyAddedOrOnlyRemovedKeepTheirPlaces() {
        assertThat(LineDiff.of("a\nc\n", "a\nb\nc\n")).containsExactly("  a", "+ b", "  c");
        assertThat(LineDiff.of("a\nb\nc\n", "a\nc\n")).containsExactly("  a", "- b", "  c");
    }
}
