package dev.flags.jdbc;

import dev.flags.FeatureFlags;
import dev.flags.FlagStore;
import dev.flags.StoredFlag;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link FlagStore} on a SQL table with one row per flag: its key, its definition as JSON, a revision that
 * changes with every change of the definition, and the time of the last change.
 *
 * <pre>{@code
 * JdbcFlagStore store = JdbcFlagStore.builder(dataSource).table("feature_flags").build();
 * FeatureFlags flags = FeatureFlags.builder()
 *         .store(store)
 *         .storeCaching(StoreCaching.defaults().withRefreshAfter(Duration.ofSeconds(30)))
 *         .build();
 * }</pre>
 *
 * <p>The table is the one {@code dev/flags/jdbc/schema-postgresql.sql} (or {@code schema-h2.sql}) creates, under
 * any name: {@code flag_key} (its primary key), {@code definition}, {@code revision}, {@code updated_at}. A
 * {@link #load} is one lookup of the primary key. A {@link #reload} asks whether the row is still at the revision
 * the client holds and moves the definition only when it is not, so the refreshes of an unchanged table move a
 * revision number per key and nothing else. Whoever changes a definition must change its revision (the
 * PostgreSQL schema's trigger sees to it; {@link #writer()} does it too).
 *
 * <p>Thread-safe. Every statement runs on a connection of its own, taken from the data source and closed before
 * the call returns, with the {@linkplain Builder#queryTimeout query timeout}; give the data source a pool
 * (HikariCP, the driver's own) and a connection timeout. Failures throw {@link SQLException}s that name the
 * table; the client reports them in {@link FeatureFlags#status()} and keeps serving what it has. The store never
 * closes the data source: the application owns it.
 */
public final class JdbcFlagStore implements FlagStore {

    /** The table of {@code schema-postgresql.sql} and {@code schema-h2.sql}. */
    public static final String DEFAULT_TABLE = "feature_flags";

    /** How long one statement may run by default. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final SqlTable table;
    private final String name;
    private final String loadSql;
    private final String reloadSql;

    private JdbcFlagStore(SqlTable table, String name) {
        this.table = table;
        this.name = name;
        this.loadSql = "SELECT definition, revision FROM " + table.name() + " WHERE flag_key = ?";
        // One round trip either way; the definition travels only when the revision moved.
        this.reloadSql = "SELECT revision, CASE WHEN revision = ? THEN NULL ELSE definition END FROM "
                + table.name() + " WHERE flag_key = ?";
    }

    /** A builder for a store on the given data source, which the store uses but never closes. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** {@code table <name>} unless {@link Builder#name} said otherwise. */
    @Override
    public String name() {
        return name;
    }

    /** The flag's row, or null when the table has none for this key. */
    @Override
    public StoredFlag load(String flagKey) throws SQLException {
        Objects.requireNonNull(flagKey, "flagKey");
        return table.query(loadSql, statement -> statement.setString(1, flagKey), result -> {
            if (!result.next()) {
                return null;
            }
            String definition = result.getString(1);
            if (definition == null) { // only in a table of one's own making: the shipped DDL says NOT NULL
                throw new SQLException("flag '" + flagKey + "' has a NULL definition");
            }
            return new StoredFlag(definition, result.getLong(2));
        });
    }

    /**
     * {@code current} itself when the row is still at its revision, the row when the revision differs, null
     * when the row is gone.
     */
    @Override
    public StoredFlag reload(String flagKey, StoredFlag current) throws SQLException {
        Objects.requireNonNull(flagKey, "flagKey");
        Objects.requireNonNull(current, "current");
        return table.query(reloadSql, statement -> {
            statement.setLong(1, current.revision());
            statement.setString(2, flagKey);
        }, result -> {
            if (!result.next()) {
                return null;
            }
            long revision = result.getLong(1);
            String definition = result.getString(2);
            return definition == null ? current : new StoredFlag(definition, revision);
        });
    }

    /**
     * Writes to the same table, for tools, tests and examples; applications that only read flags never need
     * it. Not used by the store itself.
     */
    public JdbcFlagWriter writer() {
        return new JdbcFlagWriter(table);
    }

    /** Shows the name, table and timeout; never the data source, whose description may hold a password. */
    @Override
    public String toString() {
        return "JdbcFlagStore[" + name + ", table=" + table.name() + ", queryTimeout=" + table.queryTimeoutSeconds()
                + "s]";
    }

    /** Configures a {@link JdbcFlagStore}; checks each setting as it is given. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private String name;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * The table, as a plain SQL name or {@code schema.name} (letters, digits, underscores; unquoted, so
         * folded to the database's case like the DDL's names). Default {@value #DEFAULT_TABLE}.
         *
         * @throws IllegalArgumentException for anything else: the name goes into SQL text
         */
        public Builder table(String table) {
            this.table = SqlTable.checkedName(table);
            return this;
        }

        /**
         * How long one statement may run before the driver cancels it, in whole seconds (a part of a second
         * counts as one). Default 5 s. Waiting for a pooled connection is the pool's own timeout.
         */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = SqlTable.checkedTimeout(queryTimeout);
            return this;
        }

        /**
         * The store's name in {@link FeatureFlags#status()} and evaluation details. Default {@code table <table>}.
         * It is shown everywhere: no secrets.
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /** Builds the store. Connects to nothing: a missing table shows in the first load's failure. */
        public JdbcFlagStore build() {
            SqlTable sqlTable = new SqlTable(dataSource, table, queryTimeout);
            return new JdbcFlagStore(sqlTable, name != null ? name : "table " + table);
        }
    }
}
