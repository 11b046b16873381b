package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.ShopController;
import dev.flags.Evaluation;
import dev.flags.FlagContext;
import dev.flags.FlagDocuments;
import dev.flags.FlagObserver;
import dev.flags.jdbc.JdbcFlagStore;
import dev.flags.jdbc.JdbcSegmentMembership;
import dev.flags.testsupport.ReadmeBlocks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Every snippet of the README is tested code: the Java ones stand word for word in this module's tests (and run
 * there: here, or in {@code ReadmeShopIT} for the runnable example and its curl commands), the document is
 * valid, the error shown is the one a start-up gives.
 */
class ReadmeTest {

    private static final ReadmeBlocks README = ReadmeBlocks.of("README.md");

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class));

    @Test
    void everyJavaSnippetStandsInTheTests() {
        String tested = ReadmeBlocks.sources(".java", "src/test/java");

        assertThat(README.in("java")).hasSize(4).allSatisfy(block ->
                assertThat(tested).as("README line " + block.line()).contains(ReadmeBlocks.normalized(block.text())));
    }

    @Test
    void theDocumentIsValid() {
        assertThat(README.in("yaml")).singleElement()
                .satisfies(block -> assertThat(FlagDocuments.validate(block.text())).isEmpty());
    }

    @Test
    void theDependenciesAreModulesOfThisVersion() throws IOException {
        String xml = README.in("xml").get(0).text();
        Matcher version = Pattern.compile("<artifactId>flags-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("../pom.xml")));
        assertThat(version.find()).isTrue();

        assertThat(xml).contains("<artifactId>flags-spring</artifactId>").contains("<artifactId>flags-remote</artifactId>");
        assertThat(Pattern.compile("<version>([^<]+)</version>").matcher(xml).results().map(result -> result.group(1)))
                .containsOnly(version.group(1));
    }

    @Test
    void theStartUpErrorShownIsTheOneAWrongFallbackGives() {
        String shown = README.blocks().stream().filter(block -> block.text().startsWith("Bean '")).findFirst()
                .orElseThrow().text().strip().replace("\n", " ");

        runner.withBean("shopController", ShopController.class).run(context ->
                assertThat(context).getFailure().hasStackTraceContaining(shown));
    }

    @Test
    void conditionalOnFlagChoosesThePricing() {
        runner.withUserConfiguration(Pricings.class).withPropertyValues("flags.overrides.holiday-pricing=on")
                .run(context -> assertThat(context.getBean(Pricing.class).factor()).isEqualTo(0.8));
        runner.withUserConfiguration(Pricings.class)
                .run(context -> assertThat(context.getBean(Pricing.class).factor()).isEqualTo(1.0));
    }

    @Test
    void aResolverOfYourOwnBuildsTheContext() {
        runner.withUserConfiguration(Resolver.class).run(context ->
                assertThat(context.getBean(FlagContextResolver.class).currentContext())
                        .isEqualTo(FlagContext.builder("u-1").set("plan", "pro").set("country", "NL").build()));
    }

    @Test
    void customizersAddAJdbcStoreAndAnObserverToTheAutoConfiguredClient() {
        runner.withPropertyValues("flags.overrides.dark-mode=on").withUserConfiguration(Customizers.class)
                .run(context -> {
                    dev.flags.FeatureFlags flags = context.getBean(dev.flags.FeatureFlags.class);

                    assertThat(flags.isEnabled("from-the-table", FlagContext.of("u-1"))).isTrue();
                    assertThat(flags.isEnabled("dark-mode", FlagContext.of("u-1"))).isTrue();
                    new FlagsEndpoint(flags).flag("from-the-table", "support", null);
                    assertThat(context.getBean(ExposureLog.class).seen).containsExactly("from-the-table", "dark-mode");
                });
    }

    record Pricing(double factor) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Pricings {
        @Bean
        @ConditionalOnFlag("holiday-pricing")                      // registered when the flag is on at start-up
        Pricing holidayPricing() {
            return new Pricing(0.8);
        }

        @Bean
        @ConditionalOnFlag(value = "holiday-pricing", enabled = false)
        Pricing regularPricing() {
            return new Pricing(1.0);
        }
    }

    record CurrentUser(String id, String plan, String country) {
    }

    @Configuration(proxyBeanMethods = false)
    static class Resolver {
        @Bean
        CurrentUser currentUser() {
            return new CurrentUser("u-1", "pro", "NL");
        }

        @Bean
        FlagContextResolver flagContextResolver(CurrentUser user) {
            return () -> FlagContext.builder(user.id()).set("plan", user.plan()).set("country", user.country()).build();
        }
    }

    /** An exposure log that leaves the actuator's lookups out, as the README advises. */
    static final class ExposureLog implements FlagObserver {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
            if (!OperatorEvaluations.inProgress()) {
                seen.add(evaluation.flagKey());
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {
        @Bean
        DataSource dataSource() throws SQLException, IOException {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:readme-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            try (InputStream schema = JdbcFlagStore.class.getResourceAsStream("schema-h2.sql");
                    Connection connection = h2.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
                statement.execute("INSERT INTO feature_flags (flag_key, definition) VALUES ('from-the-table', '{}')");
            }
            return h2;
        }

        @Bean
        ExposureLog exposureLog() {
            return new ExposureLog();
        }

        @Bean
        FeatureFlagsBuilderCustomizer flagsFromTheDatabase(DataSource dataSource) {
            return builder -> builder
                    .store(JdbcFlagStore.builder(dataSource).build())          // flags-jdbc
                    .segments(JdbcSegmentMembership.builder(dataSource).build());
        }

        @Bean
        @Order(2)                                                          // applied in order
        FeatureFlagsBuilderCustomizer exposures(ExposureLog log) {         // a FlagObserver of yours
            return builder -> builder.observer(log);
        }
    }
}
