package dev.flags.server.store;

import dev.flags.server.store.Edit.Proposal;
import dev.flags.server.store.Edit.State;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The revisions table and the counter row per environment: PostgreSQL is the log. A write increments the counter
 * row first, which serialises writers per environment, so commit order is revision order and no number is reused.
 */
@Repository
public class RevisionLog {

    /** A stored revision: its history entry, document and the flags' versions. */
    public record Stored(Revision entry, ObjectNode document, Map<String, Long> versions) {
        State state() {
            return new State(entry.revision(), document, versions);
        }
    }

    private static final String COLUMNS = "revision, created_at, actor, action, flag, change_comment";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final boolean postgres;

    public RevisionLog(JdbcTemplate jdbc, TransactionTemplate transactions, DataSource dataSource, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.postgres = isPostgres(dataSource);
    }

    public boolean postgres() {
        return postgres;
    }

    /** Creates each environment missing, at revision 0 with an empty document. */
    public void ensureEnvironments(List<String> names) {
        for (String name : names) {
            try {
                transactions.executeWithoutResult(status -> {
                    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM environment WHERE name = ?",
                            Integer.class, name);
                    if (count != null && count == 0) {
                        jdbc.update("INSERT INTO environment (name, revision) VALUES (?, 0)", name);
                        insert(name, 0, "server", "init", null, null, Definitions.emptyDocument(), Map.of(), null, null);
                    }
                });
            } catch (DuplicateKeyException createdByAnotherServer) {
                // a replica starting at the same time created it
            }
        }
    }

    /** The newest revision of every environment. */
    public Map<String, Long> heads() {
        Map<String, Long> heads = new LinkedHashMap<>();
        jdbc.query("SELECT name, revision FROM environment ORDER BY name",
                row -> {
                    heads.put(row.getString(1), row.getLong(2));
                });
        return heads;
    }

    public Stored load(String environment, long revision) {
        List<Stored> found = jdbc.query("SELECT " + COLUMNS + ", document, versions FROM revision"
                + " WHERE environment = ? AND revision = ?", this::stored, environment, revision);
        return found.isEmpty() ? null : found.get(0);
    }

    /**
     * Appends the revision {@code edit} proposes, in one transaction with the counter row; the validation runs
     * inside it against the newest revision. Returns the new revision, or null when the edit proposed nothing.
     */
    public Stored append(String environment, String actor, String comment, Edit edit,
            Function<Proposal, Proposal> check) {
        return transactions.execute(status -> {
            int updated = jdbc.update("UPDATE environment SET revision = revision + 1 WHERE name = ?", environment);
            if (updated == 0) {
                throw new StoreException.UnknownEnvironment(environment);
            }
            long next = jdbc.queryForObject("SELECT revision FROM environment WHERE name = ?", Long.class,
                    environment);
            Stored current = load(environment, next - 1);
            Proposal proposal = edit.propose(current.state());
            if (proposal == null) {
                status.setRollbackOnly();
                return null;
            }
            proposal = check.apply(proposal);
            if (proposal.document().equals(Definitions.canonical(current.document(), null))) {
                status.setRollbackOnly(); // the intent is already in place: nothing to write
                return null;
            }
            Map<String, Long> versions = versions(current, proposal.document(), next);
            String before = beforeOrAfter(current.document(), proposal.flag());
            String after = beforeOrAfter(proposal.document(), proposal.flag());
            Instant now = clock.instant();
            insert(environment, next, actor, proposal.action(), proposal.flag(), comment, proposal.document(), versions,
                    before, after);
            if (postgres) {
                jdbc.queryForList("SELECT pg_notify('flags', ?)", environment + ":" + next);
            }
            return new Stored(new Revision(next, now, actor, proposal.action(), proposal.flag(), comment),
                    Definitions.canonical(proposal.document(), null), versions);
        });
    }

    /** Newest first; {@code flag} and {@code before} may be null. */
    public List<Revision> history(String environment, String flag, int limit, Long before) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM revision WHERE environment = ?"
                + " AND revision > 0");
        List<Object> args = new ArrayList<>(List.of(environment));
        if (flag != null) {
            sql.append(" AND flag = ?");
            args.add(flag);
        }
        if (before != null) {
            sql.append(" AND revision < ?");
            args.add(before);
        }
        sql.append(" ORDER BY revision DESC LIMIT ").append(limit);
        return jdbc.query(sql.toString(), (row, i) -> entry(row), args.toArray());
    }

    /** Fails fast when the database cannot be reached. */
    public void ping() {
        jdbc.queryForObject("SELECT 1", Integer.class);
    }

    private static Map<String, Long> versions(Stored current, ObjectNode document, long revision) {
        Map<String, Long> versions = new HashMap<>();
        Map<String, ObjectNode> before = Definitions.flags(current.document());
        Definitions.flags(document).forEach((key, definition) -> {
            boolean same = definition.equals(before.get(key)) && current.versions().containsKey(key);
            versions.put(key, same ? current.versions().get(key) : revision);
        });
        return versions;
    }

    private static String beforeOrAfter(ObjectNode document, String flag) {
        ObjectNode definition = flag == null ? null : Definitions.flag(document, flag);
        return definition == null ? null : Definitions.write(definition);
    }

    private void insert(String environment, long revision, String actor, String action, String flag, String comment,
            ObjectNode document, Map<String, Long> versions, String before, String after) {
        jdbc.update("INSERT INTO revision (environment, revision, created_at, actor, action, flag, change_comment,"
                + " flag_before, flag_after, document, versions) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                environment, revision, clock.millis(), actor, action, flag, comment, before, after,
                Definitions.write(Definitions.canonical(document, null)),
                new String(Definitions.writeBytes(versions), java.nio.charset.StandardCharsets.UTF_8));
    }

    private Stored stored(java.sql.ResultSet row, int index) throws SQLException {
        ObjectNode document = Definitions.parseDocument(row.getString("document"));
        Map<String, Long> versions = new HashMap<>();
        JsonNode stored = Definitions.parse(row.getString("versions").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (Map.Entry<String, JsonNode> version : stored.properties()) {
            versions.put(version.getKey(), version.getValue().longValue());
        }
        return new Stored(entry(row), document, versions);
    }

    private static Revision entry(java.sql.ResultSet row) throws SQLException {
        return new Revision(row.getLong("revision"), Instant.ofEpochMilli(row.getLong("created_at")),
                row.getString("actor"), row.getString("action"), row.getString("flag"),
                row.getString("change_comment"));
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the database: " + e.getMessage(), e);
        }
    }

}
