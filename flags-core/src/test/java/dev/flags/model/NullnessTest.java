package dev.flags.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.DocumentProblem;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The model says, for tools and their null checkers, which of its parts may be null: exactly the optional ones. */
class NullnessTest {

    private static final Map<Class<? extends Record>, List<String>> OPTIONAL = Map.of(
            FlagDocument.class, List.of("revision"),
            FlagDefinition.class, List.of("description", "offVariant", "salt", "defaultServe", "guard"),
            Rule.class, List.of("name"),
            Rule.Conditions.class, List.of("name"),
            Condition.class, List.of("attribute"),
            ServeBlock.class, List.of("serve", "by", "ramp"),
            Segment.class, List.of("description"),
            Ramp.class, List.of(),
            Weight.class, List.of(),
            Prerequisite.class, List.of());

    @Test
    void theModelPackageIsNullMarked() {
        assertThat(FlagDocument.class.getPackage().isAnnotationPresent(NullMarked.class)).isTrue();
    }

    @Test
    void exactlyTheOptionalFieldsAreNullable() {
        OPTIONAL.forEach((type, optional) -> assertThat(nullable(type)).as(type.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(optional));
    }

    @Test
    void aProblemsFlagIsNullableForProblemsOutsideAnyFlag() {
        assertThat(nullable(DocumentProblem.class)).containsExactly("flag");
    }

    private static List<String> nullable(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .filter(component -> component.getAnnotatedType().isAnnotationPresent(Nullable.class))
                .map(RecordComponent::getName).toList();
    }
}
