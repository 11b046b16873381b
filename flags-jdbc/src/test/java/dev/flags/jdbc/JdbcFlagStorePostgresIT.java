package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.StoredFlag;
import dev.flags.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on a real PostgreSQL server, through HikariCP: the server of {@code FLAGS_PG_URL}, or else a
 * throwaway one this test starts from the local installation (see {@link PostgresServer}). Skipped, saying
 * why, only when no server can be had and {@code CI} is not set; under CI that fails instead.
 */
class JdbcFlagStorePostgresIT extends JdbcFlagStoreContract {

    /** The tests' own schema, so that a shared server's tables are never touched. */
    private static final String SCHEMA = "flags_it";

    private static PostgresServer server;
    private static HikariDataSource pool;
    private static String unavailable;

    @BeforeAll
    static void startServer() throws SQLException {
        try {
            server = PostgresServer.connectOrStart();
        } catch (PostgresServer.Unavailable e) {
            String message = "no PostgreSQL server for JdbcFlagStorePostgresIT: " + e.getMessage();
            if (PostgresServer.onCi()) {
                fail(message + "\n(CI is set: a missing server fails the build instead of skipping these tests)");
            }
            // Each test then skips with this reason (a class-level skip would show as "Tests run: 0").
            unavailable = message;
            System.err.println("[WARNING] skipping JdbcFlagStorePostgresIT: " + message);
            return;
        }
        System.out.println("JdbcFlagStorePostgresIT runs on " + server);
        try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setSchema(SCHEMA);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        pool = new HikariDataSource(config);
    }

    @AfterAll
    static void stopServer() {
        if (pool != null) {
            pool.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Every test starts here (the contract's set-up asks for it first), so this is where they skip. */
    @Override
    DataSource dataSource() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        return pool;
    }

    @Override
    String schemaResource() {
        return Sql.POSTGRESQL_SCHEMA;
    }

    @Test
    void aPlainUpdateThatForgetsTheRevisionStillRaisesIt() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 1L);
        StoredFlag current = store.load("a");

        Sql.update(dataSource(), "UPDATE feature_flags SET definition = ? WHERE flag_key = ?", OFF, "a");

        assertThat(store.reload("a", current)).isEqualTo(new StoredFlag(OFF, 2));
    }

    @Test
    void aPlainUpdateThatRaisesTheRevisionIsCountedOnce() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 1L);

        Sql.update(dataSource(), "UPDATE feature_flags SET definition = ?, revision = revision + 1 WHERE flag_key = ?",
                OFF, "a");

        assertThat(store.load("a").revision()).isEqualTo(2);
    }

    @Test
    void aQueryThatWaitsLongerThanTheTimeoutIsCancelled() throws SQLException {
        JdbcFlagStore impatient = JdbcFlagStore.builder(database.dataSource()).queryTimeout(Duration.ofSeconds(1))
                .build();
        try (Connection locker = pool.getConnection(); Statement statement = locker.createStatement()) {
            locker.setAutoCommit(false);
            statement.execute("LOCK TABLE feature_flags IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();

            assertThatThrownBy(() -> impatient.load("a")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("table feature_flags")
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("57014"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            locker.rollback();
        }
    }
}
