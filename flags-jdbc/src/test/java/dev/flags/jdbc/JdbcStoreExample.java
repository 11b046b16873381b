package dev.flags.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.StoreCaching;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The README's example, runnable on an in-memory H2 database: flags in a table, read through HikariCP, changed
 * by an operator's plain SQL and picked up at the next refresh.
 *
 * <pre>
 * ./mvnw -q -pl flags-jdbc -am test-compile exec:java -Dflags.main=dev.flags.jdbc.JdbcStoreExample
 * </pre>
 */
public final class JdbcStoreExample {

    private JdbcStoreExample() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:example;DB_CLOSE_DELAY=-1");  // jdbc:postgresql://db.internal:5432/app
        config.setMaximumPoolSize(2);                                // the client refreshes on two threads
        config.setConnectionTimeout(2_000);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute(Sql.resource("/dev/flags/jdbc/schema-h2.sql"));
                statement.execute("INSERT INTO feature_flags (flag_key, definition) VALUES ('new-checkout',"
                        + " '{ \"rules\": [ { \"when\": [ { \"attribute\": \"country\", \"op\": \"in\","
                        + " \"values\": [\"NL\"] } ], \"serve\": \"on\" } ], \"default\": { \"serve\": \"off\" } }')");
            }

            JdbcFlagStore store = JdbcFlagStore.builder(dataSource)
                    .table("feature_flags")
                    .queryTimeout(Duration.ofSeconds(2))
                    .build();
            try (FeatureFlags flags = FeatureFlags.builder()
                    .store(store)
                    .segments(JdbcSegmentMembership.builder(dataSource).build())
                    .storeCaching(StoreCaching.defaults()
                            .withRefreshAfter(Duration.ofSeconds(1))      // default 30 s
                            .withColdTimeout(Duration.ofSeconds(2)))      // a fresh JVM's first load is slow
                    .build()) {
                FlagContext dutch = FlagContext.builder("user-42").set("country", "NL").build();
                System.out.println("new-checkout for user-42 in NL: " + flags.isEnabled("new-checkout", dutch));
                System.out.println("status: " + flags.status());

                // What an operator does in psql: the kill switch, with the revision raised.
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement update = connection.prepareStatement("UPDATE feature_flags"
                                + " SET definition = ?, revision = revision + 1 WHERE flag_key = ?")) {
                    update.setString(1, "{ \"enabled\": false }");
                    update.setString(2, "new-checkout");
                    update.executeUpdate();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (flags.isEnabled("new-checkout", dutch)) {  // a read after refreshAfter starts the refresh
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the change never arrived");
                    }
                    Thread.sleep(100);
                }
                System.out.println("after the UPDATE: " + flags.evaluateBoolean("new-checkout", dutch, true));
            }
        }
    }
}
