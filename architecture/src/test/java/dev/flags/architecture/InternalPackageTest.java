package dev.flags.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code dev.flags.internal} is flags-core's engine, with no compatibility promise: no other module may use it
 * nor put classes in it. The check reads the compiled classes of every module the root pom lists (this module
 * depends on each, as a pom, so the reactor builds them first), main classes only: tests of flags-core may
 * reach into its own package, and nobody ships another module's tests.
 */
class InternalPackageTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    /** Not checked: the engine itself, and this module, which holds no main classes. */
    private static final List<String> UNCHECKED = List.of("flags-core", "architecture");

    private static final ArchRule NO_OTHER_MODULE_USES_THE_ENGINE = noClasses()
            .should().dependOnClassesThat().resideInAPackage("dev.flags.internal..")
            .orShould().resideInAPackage("dev.flags.internal..")
            .because("dev.flags.internal is flags-core's implementation, with no compatibility promise: "
                    + "use the dev.flags API, or ask for what is missing in it");

    @Test
    void noModuleButFlagsCoreUsesOrExtendsDevFlagsInternal() throws IOException {
        List<Path> classDirectories = new ArrayList<>();
        for (String module : modules()) {
            Path classes = ROOT.resolve(module).resolve("target/classes");
            assertThat(classes)
                    .as("%s is built before this check: list it as a pom dependency of architecture/pom.xml", module)
                    .isDirectory();
            classDirectories.add(classes);
        }

        NO_OTHER_MODULE_USES_THE_ENGINE.check(new ClassFileImporter().importPaths(classDirectories));
    }

    @Test
    void theRuleCatchesAClassThatUsesTheEngine() {
        JavaClasses fixture = new ClassFileImporter().importClasses(ReachesIntoTheEngine.class);

        EvaluationResult result = NO_OTHER_MODULE_USES_THE_ENGINE.evaluate(fixture);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("dev.flags.internal.Outcome");
    }

    /** The modules of the root pom, but those not checked. */
    private static List<String> modules() throws IOException {
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher module = Pattern.compile("<module>\\s*([^<\\s]+)\\s*</module>").matcher(pom);
        List<String> modules = new ArrayList<>();
        while (module.find()) {
            if (!UNCHECKED.contains(module.group(1))) {
                modules.add(module.group(1));
            }
        }
        assertThat(modules).as("modules of %s", ROOT.resolve("pom.xml")).contains("flags-remote", "flags-spring");
        return modules;
    }

    /** What the rule must refuse: a class outside flags-core holding an engine type. */
    static final class ReachesIntoTheEngine {
        dev.flags.internal.Outcome outcome;
    }
}
