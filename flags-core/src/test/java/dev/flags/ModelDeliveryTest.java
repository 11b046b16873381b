package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.flags.model.Condition;
import dev.flags.model.FlagDefinition;
import dev.flags.model.FlagDocument;
import dev.flags.model.Rule;
import dev.flags.model.ServeBlock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A source may hand its client a model instead of text: compiled as it is, checked as text would be. */
class ModelDeliveryTest {

    private final AtomicReference<FlagSource.Listener> listener = new AtomicReference<>();
    private final FeatureFlags flags = FeatureFlags.builder().source(new FlagSource() {
        @Override
        public String name() {
            return "models";
        }

        @Override
        public void start(Listener started) {
            listener.set(started);
        }

        @Override
        public void close() {
        }
    }).build();

    @Test
    void aModelServesAsItsTextWould() {
        FlagDefinition color = FlagDefinition.builder().variant("red", "#f00").variant("blue", "#00f")
                .rule(Rule.when(Condition.of("country", "in", "NL")).serve("blue"))
                .defaultServe(ServeBlock.serve("red")).build();
        assertThat(listener.get().onDocument(new FlagDocument(3L, Map.of(), Map.of("color", color)))).isTrue();

        FlagContext dutchUser = FlagContext.builder("u").set("country", "NL").build();
        Evaluation<String> dutch = flags.evaluateString("color", dutchUser, "");
        assertThat(dutch.value()).isEqualTo("#00f");
        assertThat(dutch.source()).isEqualTo("models");
        assertThat(flags.status().revision()).isEqualTo(3L);
    }

    @Test
    void anInvalidModelIsRejectedWholeNamingTheFlagAndField() {
        FlagDefinition broken = FlagDefinition.builder().defaultServe(ServeBlock.serve("maybe")).build();
        FlagDocument document = new FlagDocument(1L, Map.of(), Map.of("new-checkout", broken));

        assertThatThrownBy(() -> listener.get().onDocument(document))
                .isInstanceOf(InvalidFlagDocumentException.class)
                .satisfies(e -> assertThat(((InvalidFlagDocumentException) e).problems())
                        .extracting(DocumentProblem::flag, DocumentProblem::field)
                        .containsExactly(tuple("new-checkout", "default.serve")));
        assertThat(flags.status().lastError()).contains("new-checkout");
    }

    @Test
    void anInMemorySourceChecksItsFirstDocumentAtOnce() {
        assertThatThrownBy(() -> FlagSources.inMemory("flags: { a: { default: { serve: maybe } } }"))
                .isInstanceOf(InvalidFlagDocumentException.class)
                .hasMessageContaining("flags.a.default.serve");
    }
}
