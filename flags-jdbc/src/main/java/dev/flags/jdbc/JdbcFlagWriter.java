package dev.flags.jdbc;

import dev.flags.FlagDocuments;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Changes flags in a {@link JdbcFlagStore}'s table the way clients expect: a new definition with a new
 * revision. For tools, tests and examples; obtain one with {@link JdbcFlagStore#writer()}. Operators can do the
 * same with plain SQL (see the module's README).
 *
 * <pre>{@code
 * long revision = store.writer().put("new-checkout", "{ \"enabled\": true }");
 * }</pre>
 *
 * <p>Thread-safe; each call is one transaction on a connection of its own.
 */
public final class JdbcFlagWriter {

    private static final String UNIQUE_VIOLATION = "23505";

    private final SqlTable table;
    private final String updateSql;
    private final String revisionSql;
    private final String insertSql;
    private final String deleteSql;

    JdbcFlagWriter(SqlTable table) {
        this.table = table;
        this.updateSql = "UPDATE " + table.name()
                + " SET definition = ?, revision = revision + 1, updated_at = CURRENT_TIMESTAMP WHERE flag_key = ?";
        this.revisionSql = "SELECT revision FROM " + table.name() + " WHERE flag_key = ?";
        this.insertSql = "INSERT INTO " + table.name()
                + " (flag_key, definition, revision, updated_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)";
        this.deleteSql = "DELETE FROM " + table.name() + " WHERE flag_key = ?";
    }

    /**
     * Sets the flag's definition, creating its row if needed, and returns its new revision: one more than before,
     * or for a new row the current time in microseconds since 1970 (so a flag deleted and created again never
     * comes back at a revision a client still holds).
     *
     * @param definition the JSON object that would stand under {@code flags.<flagKey>} in a flag document
     * @throws IllegalArgumentException when the key or definition is not a valid flag; nothing is written
     * @throws SQLException             when the database fails
     */
    public long put(String flagKey, String definition) throws SQLException {
        requireValid(flagKey, definition);
        try {
            return table.inTransaction(connection -> put(connection, flagKey, definition));
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            // Another writer created the row between our update and insert: now the update finds it.
            return table.inTransaction(connection -> put(connection, flagKey, definition));
        }
    }

    /** Removes the flag's row; true when there was one. Clients forget the flag at their next refresh. */
    public boolean delete(String flagKey) throws SQLException {
        Objects.requireNonNull(flagKey, "flagKey");
        return table.inTransaction(connection ->
                table.update(connection, deleteSql, statement -> statement.setString(1, flagKey)) > 0);
    }

    private long put(Connection connection, String flagKey, String definition) throws SQLException {
        int updated = table.update(connection, updateSql, statement -> {
            statement.setString(1, definition);
            statement.setString(2, flagKey);
        });
        if (updated > 0) {
            return table.query(connection, revisionSql, statement -> statement.setString(1, flagKey), result -> {
                result.next();
                return result.getLong(1);
            });
        }
        long revision = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
        table.update(connection, insertSql, statement -> {
            statement.setString(1, flagKey);
            statement.setString(2, definition);
            statement.setLong(3, revision);
        });
        return revision;
    }

    private static void requireValid(String flagKey, String definition) {
        Objects.requireNonNull(flagKey, "flagKey");
        Objects.requireNonNull(definition, "definition");
        if (!isOneJsonObject(definition)) {
            throw new IllegalArgumentException("flag '" + flagKey + "': the definition must be one JSON object, not "
                    + abbreviated(definition));
        }
        // Checked as the document that would hold it, so the problems read as they would for a document.
        List<String> problems = FlagDocuments.validate("{\"flags\": {" + jsonString(flagKey) + ": " + definition
                + "}}");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("flag '" + flagKey + "' is invalid: " + String.join("; ", problems));
        }
    }

    /**
     * Whether the text is a single {...} with balanced braces outside strings: what keeps a definition such as
     * <code>{}, "other": {}</code> from passing for one flag once wrapped into a document.
     */
    static boolean isOneJsonObject(String text) {
        String trimmed = text.strip();
        if (!trimmed.startsWith("{") || !trimmed.endsWith("}")) {
            return false;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0 && i != trimmed.length() - 1) {
                return false;
            }
        }
        return depth == 0 && !inString;
    }

    private static String jsonString(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format("\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String abbreviated(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    @Override
    public String toString() {
        return "JdbcFlagWriter[table=" + table.name() + "]";
    }
}
