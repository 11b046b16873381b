package dev.flags.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.StoreCaching;
import java.time.Duration;

/**
 * The README's set-up on PostgreSQL, word for word ({@code ReadmeTest} checks that the README still shows this
 * code): compiled with the module, so an API change breaks the build before it can break the README. It needs a
 * server at db.internal, so no test runs it; {@code JdbcFlagStorePostgresIT} runs the same calls on a real one.
 */
final class ReadmeExamples {

    private ReadmeExamples() {
    }

    static void postgresql() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://db.internal:5432/app");
        config.setUsername("flags_reader");                        // SELECT on the two tables is all it needs
        config.setPassword(System.getenv("FLAGS_DB_PASSWORD"));
        config.setMaximumPoolSize(2);                              // the client refreshes on two threads
        config.setConnectionTimeout(2_000);
        HikariDataSource dataSource = new HikariDataSource(config);

        JdbcFlagStore store = JdbcFlagStore.builder(dataSource)
                .table("feature_flags")                            // the default; "schema.table" works too
                .queryTimeout(Duration.ofSeconds(2))               // default 5 s
                .build();

        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.classpath("flags.yaml"))       // optional: a document's flags win over the table's
                .store(store)
                .segments(JdbcSegmentMembership.builder(dataSource).build())
                .storeCaching(StoreCaching.defaults().withRefreshAfter(Duration.ofSeconds(30)))
                .build()) {
            flags.isEnabled("new-checkout", FlagContext.builder("user-42").set("country", "NL").build());
            flags.status();  // READY ... sources [table feature_flags READY, 12 flags, ...]
        }
        dataSource.close();                                        // the store never closes it: it is yours
    }
}
