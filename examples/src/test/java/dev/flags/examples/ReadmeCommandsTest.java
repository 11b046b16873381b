package dev.flags.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The commands of the examples' READMEs name what exists: modules, programs, the Spring Boot plugin's version.
 * What the programs print is tested beside them (QuickstartTest, OpenFeatureExampleTest, the shop's ITs).
 */
class ReadmeCommandsTest {

    private static final List<Path> READMES = List.of(Path.of("README.md"), Path.of("spring-boot-app/README.md"));

    @Test
    void everyModuleACommandBuildsExists() throws IOException {
        int found = 0;
        for (Path readme : READMES) {
            Matcher module = Pattern.compile("-pl (\\S+)").matcher(Files.readString(readme));
            while (module.find()) {
                assertThat(Path.of("..", module.group(1), "pom.xml")).as(readme + ": -pl " + module.group(1))
                        .isRegularFile();
                found++;
            }
        }
        assertThat(found).isGreaterThanOrEqualTo(5);
    }

    @Test
    void everyProgramACommandRunsExists() throws Exception {
        Matcher main = Pattern.compile("-Dflags\\.main=([\\w.]+)").matcher(Files.readString(READMES.get(0)));
        assertThat(main.find()).isTrue();
        Class.forName(main.group(1)).getMethod("main", String[].class);
    }

    @Test
    void theSpringBootPluginIsTheBuildsSpringBootVersion() throws IOException {
        Matcher version = Pattern.compile("<spring-boot.version>([^<]+)</spring-boot.version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(version.find()).isTrue();
        Matcher plugin = Pattern.compile("spring-boot-maven-plugin:([\\w.-]+):run")
                .matcher(Files.readString(READMES.get(1)));

        assertThat(plugin.results().map(result -> result.group(1))).isNotEmpty().containsOnly(version.group(1));
    }
}
