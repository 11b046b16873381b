package dev.flags.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One table read through a {@link DataSource}: a checked name, a query timeout on every statement, every
 * connection closed, and failures that name the table but never a secret.
 */
final class SqlTable {

    /** A plain SQL name, or schema.name: nothing that could close a statement or open a comment. */
    private static final Pattern NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    /**
     * What a driver might echo from a JDBC URL or its properties: password=..., //user:password@host. A generated
     * password may hold any character, so the whole value is blanked: a setting's up to the next URL separator
     * ({@code ;} or {@code &}) or the end of the line, an authority's up to the last {@code @} before a space.
     */
    private static final Pattern PASSWORD_SETTING =
            Pattern.compile("(?i)(password|passwd|pwd)(\\s*[=:]\\s*)[^;&\\r\\n]+");
    private static final Pattern PASSWORD_IN_AUTHORITY = Pattern.compile("(//[^/:@\\s]+):\\S*@");

    /** Binds a prepared statement's parameters. */
    interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads a result whose cursor stands before its first row. */
    interface Reader<T> {
        T read(ResultSet result) throws SQLException;
    }

    /** Works within one connection, for writes that take more than one statement. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DataSource dataSource;
    private final String name;
    private final int queryTimeoutSeconds;

    SqlTable(DataSource dataSource, String name, Duration queryTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.name = checkedName(name);
        this.queryTimeoutSeconds = timeoutSeconds(queryTimeout);
    }

    /** The table's name, safe to put into SQL: {@link #checkedName} has seen it. */
    String name() {
        return name;
    }

    int queryTimeoutSeconds() {
        return queryTimeoutSeconds;
    }

    /** Runs one query on a connection of its own. */
    <T> T query(String sql, Parameters parameters, Reader<T> reader) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, parameters, reader);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    <T> T query(Connection connection, String sql, Parameters parameters, Reader<T> reader) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet result = statement.executeQuery()) {
            return reader.read(result);
        }
    }

    int update(Connection connection, String sql, Parameters parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    /** Runs the work in one transaction on a connection of its own, and leaves the connection as it was. */
    <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private PreparedStatement prepare(Connection connection, String sql, Parameters parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(queryTimeoutSeconds);
            parameters.bind(statement);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * The driver's failure with the table's name in front and anything that looks like a password blanked. The
     * driver's exception stays the cause only when it had nothing to blank, so a logged stack trace cannot
     * show it either.
     */
    private SQLException failure(SQLException e) {
        String message = String.valueOf(e.getMessage());
        String safe = redacted(message);
        String state = e.getSQLState() == null ? "" : " (SQLState " + e.getSQLState() + ")";
        return new SQLException("table " + name + ": " + safe + state, e.getSQLState(), e.getErrorCode(),
                safe.equals(message) ? e : null);
    }

    static String redacted(String message) {
        String safe = PASSWORD_SETTING.matcher(message).replaceAll("$1$2***");
        return PASSWORD_IN_AUTHORITY.matcher(safe).replaceAll("$1:***@");
    }

    static String checkedName(String name) {
        Objects.requireNonNull(name, "table");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("table must be a plain SQL name or schema.name (letters, digits and"
                    + " underscores, not starting with a digit, at most 63 characters each), not \"" + name + "\"");
        }
        return name;
    }

    static Duration checkedTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "queryTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, not " + timeout);
        }
        return timeout;
    }

    private static int timeoutSeconds(Duration timeout) {
        checkedTimeout(timeout);
        // JDBC counts whole seconds; a part of one rounds up rather than to zero, which would mean no timeout.
        long seconds = timeout.toSeconds() + (timeout.toNanosPart() == 0 ? 0 : 1);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }
}
