package dev.flags.benchmarks.coldstart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every library's cold-start sample loads the documents {@link ColdStart} writes and answers, in this JVM. */
class ColdStartSamplesTest {

    @TempDir
    Path documents;

    static Stream<Arguments> samples() {
        return ColdStart.LIBRARIES.stream().flatMap(library -> Stream.of(1, 3).map(size -> Arguments.of(library, size)));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void loadsTheDocumentAndAnswers(String library, int flags) throws Exception {
        ColdStartDocuments.write(documents, flags);
        try (FirstEvaluation.Sample sample = FirstEvaluation.sample(library, flags, documents)) {
            sample.firstEvaluation();
            sample.check(flags);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void checkFailsWhenTheClientHoldsOtherFlags(String library, int flags) throws Exception {
        ColdStartDocuments.write(documents, flags);
        try (FirstEvaluation.Sample sample = FirstEvaluation.sample(library, flags, documents)) {
            sample.firstEvaluation();
            assertThatThrownBy(() -> sample.check(flags + 1)).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void rejectsAnUnknownLibrary() {
        assertThatThrownBy(() -> FirstEvaluation.sample("unleash", 1, documents))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
