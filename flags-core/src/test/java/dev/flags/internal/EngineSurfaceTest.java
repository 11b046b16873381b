package dev.flags.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The engine shows the rest of flags-core only what it needs: compiled documents never leave the package. */
class EngineSurfaceTest {

    @Test
    void compiledDocumentsStayInsideTheEngine() {
        assertThat(Modifier.isPublic(CompiledDocument.class.getModifiers())).isFalse();
        assertThat(Arrays.stream(DocumentCompiler.class.getMethods()).map(Method::getName))
                .doesNotContain("compile", "compileFlag")
                .contains("parse", "parseFlag", "validate");
    }
}
