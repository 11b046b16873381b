package dev.flags.jdbc;

import dev.flags.FeatureFlags;
import dev.flags.SegmentMembership;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link SegmentMembership} on a SQL table with one row per segment and member key, for segments too large to
 * list in a flag document (a customer tier, an experiment's population).
 *
 * <pre>{@code
 * FeatureFlags flags = FeatureFlags.builder()
 *         .source(FlagSources.classpath("flags.yaml"))   // segments: { gold: { external: true } }
 *         .segments(JdbcSegmentMembership.builder(dataSource).build())
 *         .build();
 * }</pre>
 *
 * <p>The table is the {@code segment_members} of {@code dev/flags/jdbc/schema-postgresql.sql} (or
 * {@code schema-h2.sql}), under any name: {@code segment} and {@code member_key}, together its primary key. Each
 * question is one lookup of that key; the client caches the answers like a store's flags. Thread-safe; every
 * statement runs on a connection of its own, closed before the call returns, with the query timeout. The data
 * source is the application's: never closed here.
 */
public final class JdbcSegmentMembership implements SegmentMembership {

    /** The table of {@code schema-postgresql.sql} and {@code schema-h2.sql}. */
    public static final String DEFAULT_TABLE = "segment_members";

    private final SqlTable table;
    private final String name;
    private final String containsSql;

    private JdbcSegmentMembership(SqlTable table, String name) {
        this.table = table;
        this.name = name;
        this.containsSql = "SELECT 1 FROM " + table.name() + " WHERE segment = ? AND member_key = ?";
    }

    /** A builder for a membership on the given data source, which it uses but never closes. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
    }

    /** {@code table <name>} unless {@link Builder#name} said otherwise. */
    @Override
    public String name() {
        return name;
    }

    /** Whether the table has the row (segment, key). */
    @Override
    public boolean contains(String segment, String key) throws SQLException {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(key, "key");
        return table.query(containsSql, statement -> {
            statement.setString(1, segment);
            statement.setString(2, key);
        }, result -> result.next());
    }

    /** Shows the name, table and timeout; never the data source, whose description may hold a password. */
    @Override
    public String toString() {
        return "JdbcSegmentMembership[" + name + ", table=" + table.name() + ", queryTimeout="
                + table.queryTimeoutSeconds() + "s]";
    }

    /** Configures a {@link JdbcSegmentMembership}; checks each setting as it is given. Not thread-safe. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private Duration queryTimeout = JdbcFlagStore.DEFAULT_QUERY_TIMEOUT;
        private String name;

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /**
         * The table, as a plain SQL name or {@code schema.name}. Default {@value #DEFAULT_TABLE}.
         *
         * @throws IllegalArgumentException for anything else: the name goes into SQL text
         */
        public Builder table(String table) {
            this.table = SqlTable.checkedName(table);
            return this;
        }

        /** How long one statement may run, in whole seconds (a part of a second counts as one). Default 5 s. */
        public Builder queryTimeout(Duration queryTimeout) {
            this.queryTimeout = SqlTable.checkedTimeout(queryTimeout);
            return this;
        }

        /** The name in {@link FeatureFlags#status()}. Default {@code table <table>}. No secrets. */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        public JdbcSegmentMembership build() {
            return new JdbcSegmentMembership(new SqlTable(dataSource, table, queryTimeout),
                    name != null ? name : "table " + table);
        }
    }
}
