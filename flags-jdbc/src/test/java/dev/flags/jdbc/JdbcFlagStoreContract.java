package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagDocuments;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;
import dev.flags.StoreCaching;
import dev.flags.StoredFlag;
import dev.flags.testsupport.ReadmeBlocks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a {@link JdbcFlagStore} does on a real database, the same on every database it supports: subclasses
 * give the database and its schema script.
 */
abstract class JdbcFlagStoreContract {

    static final FlagContext USER = FlagContext.of("user-1");
    static final String ON = "{\"enabled\": true}";
    static final String OFF = "{\"enabled\": false}";
    static final String INSERT = "INSERT INTO feature_flags (flag_key, definition, revision) VALUES (?, ?, ?)";

    CountingDataSource database;
    JdbcFlagStore store;
    FeatureFlags flags;

    /** The database, with a schema of its own for these tests. */
    abstract DataSource dataSource();

    /** The schema script for this database. */
    abstract String schemaResource();

    @BeforeEach
    void freshTables() throws SQLException {
        Sql.script(dataSource(), "DROP TABLE IF EXISTS feature_flags; DROP TABLE IF EXISTS segment_members");
        Sql.script(dataSource(), Sql.resource(schemaResource()));
        database = new CountingDataSource(dataSource());
        store = JdbcFlagStore.builder(database.dataSource()).build();
    }

    @AfterEach
    void everyConnectionIsClosed() {
        if (flags != null) {
            flags.close();
        }
        if (database == null) {
            return; // the test was skipped before it had a database
        }
        // Closing the client may leave a refresh finishing on its thread: give it a moment to close its connection.
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(database.closed).hasValue(database.opened.get()));
    }

    @Test
    void theReadmesOperatorSqlRunsAndWritesOnlyValidFlags() throws SQLException {
        boolean postgresql = schemaResource().equals(Sql.POSTGRESQL_SCHEMA);
        String block = ReadmeBlocks.of("README.md").in("sql").stream()
                .filter(sql -> sql.text().contains("UPDATE feature_flags")).findFirst().orElseThrow().text();
        int run = 0;
        String comment = "";
        StringBuilder statement = new StringBuilder();
        for (String line : block.lines().toList()) {
            if (line.startsWith("--")) {
                comment = line;
                continue;
            }
            statement.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                if (postgresql || !comment.contains("(PostgreSQL)")) {
                    Sql.script(dataSource(), statement.toString());
                    run++;
                    assertThat(problemsOfEveryRow()).as("after the README's %s", comment).isEmpty();
                }
                statement.setLength(0);
            }
        }
        assertThat(run).isEqualTo(postgresql ? 7 : 5);
    }

    /** What the flag compiler says of each definition in the table. */
    private List<String> problemsOfEveryRow() throws SQLException {
        List<String> problems = new ArrayList<>();
        try (Connection connection = dataSource().getConnection();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT flag_key, definition FROM feature_flags")) {
            while (rows.next()) {
                problems.addAll(FlagDocuments.validate("{\"flags\": {\"" + rows.getString(1) + "\": "
                        + rows.getString(2) + "}}"));
            }
        }
        return problems;
    }

    @Test
    void theSchemaAppliesAgainWithoutHarm() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 3L);

        Sql.script(dataSource(), Sql.resource(schemaResource()));

        assertThat(store.load("a")).isEqualTo(new StoredFlag(ON, 3));
    }

    @Test
    void loadIsOneQueryForTheRowsDefinitionAndRevision() throws SQLException {
        Sql.update(dataSource(), INSERT, "new-checkout", ON, 7L);

        assertThat(store.load("new-checkout")).isEqualTo(new StoredFlag(ON, 7));
        assertThat(database.queries()).isEqualTo(1);
        assertThat(database.opened).hasValue(1);
    }

    @Test
    void aKeyWithoutARowLoadsAsNull() throws SQLException {
        assertThat(store.load("nope")).isNull();
    }

    @Test
    void reloadingAnUnchangedFlagAnswersTheSameObjectAndMovesNoDefinition() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 1L);
        StoredFlag current = store.load("a");
        database.reset();

        StoredFlag reloaded = store.reload("a", current);

        assertThat(reloaded).isSameAs(current);
        assertThat(database.reloads).hasValue(1);
        assertThat(database.queries()).isEqualTo(1);
        assertThat(database.definitionsRead).hasValue(0);
    }

    @Test
    void reloadingAChangedFlagAnswersTheNewDefinition() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 1L);
        StoredFlag current = store.load("a");
        Sql.update(dataSource(), "UPDATE feature_flags SET definition = ?, revision = revision + 1 WHERE flag_key = ?",
                OFF, "a");
        database.reset();

        assertThat(store.reload("a", current)).isEqualTo(new StoredFlag(OFF, 2));
        assertThat(database.queries()).isEqualTo(1);
        assertThat(database.definitionsRead).hasValue(1);
    }

    @Test
    void reloadingADeletedFlagAnswersNull() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 1L);
        StoredFlag current = store.load("a");
        Sql.update(dataSource(), "DELETE FROM feature_flags WHERE flag_key = ?", "a");

        assertThat(store.reload("a", current)).isNull();
    }

    @Test
    void aFlagDeletedAndInsertedAgainComesBackAtANewRevision() throws SQLException {
        Sql.update(dataSource(), "INSERT INTO feature_flags (flag_key, definition) VALUES (?, ?)", "a", ON);
        StoredFlag current = store.load("a");
        Sql.update(dataSource(), "DELETE FROM feature_flags WHERE flag_key = ?", "a");
        Sql.update(dataSource(), "INSERT INTO feature_flags (flag_key, definition) VALUES (?, ?)", "a", OFF);

        assertThat(store.reload("a", current)).isEqualTo(store.load("a")).isNotSameAs(current);
        assertThat(store.load("a").definition()).isEqualTo(OFF);
    }

    @Test
    void aNewRowStartsAtItsInsertTimeInMicroseconds() throws SQLException {
        long before = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now().minusSeconds(60));
        Sql.update(dataSource(), "INSERT INTO feature_flags (flag_key, definition) VALUES (?, ?)", "a", ON);

        assertThat(store.load("a").revision())
                .isBetween(before, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now().plusSeconds(60)));
    }

    @Test
    void theTableRefusesADefinitionThatIsNotAJsonObject() {
        assertThatThrownBy(() -> Sql.update(dataSource(), INSERT, "a", "[1, 2]", 1L)).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> Sql.update(dataSource(), INSERT, "a", "{ not json", 1L))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void theWriterCreatesAFlagThenRaisesItsRevisionByOne() throws SQLException {
        JdbcFlagWriter writer = store.writer();

        long created = writer.put("a", ON);
        long changed = writer.put("a", OFF);

        assertThat(changed).isEqualTo(created + 1);
        assertThat(store.load("a")).isEqualTo(new StoredFlag(OFF, changed));
    }

    @Test
    void theReadmesWriterLinesWork() throws SQLException {
        JdbcFlagWriter writer = store.writer();
        long revision = writer.put("new-checkout", "{ \"enabled\": true }");   // insert, or update with revision + 1
        writer.delete("new-checkout");

        assertThat(revision).isPositive();
        assertThat(store.load("new-checkout")).isNull();
        assertThat(database.queries()).isPositive();
    }

    @Test
    void theWriterDeletesAFlag() throws SQLException {
        JdbcFlagWriter writer = store.writer();
        writer.put("a", ON);

        assertThat(writer.delete("a")).isTrue();
        assertThat(writer.delete("a")).isFalse();
        assertThat(store.load("a")).isNull();
    }

    @Test
    void theWriterRefusesAnInvalidDefinitionAndWritesNothing() throws SQLException {
        JdbcFlagWriter writer = store.writer();

        assertThatThrownBy(() -> writer.put("a", "{\"enabled\": \"yes\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'")
                .hasMessageContaining("enabled");
        assertThatThrownBy(() -> writer.put("a", "{}, \"b\": {}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one JSON object");
        assertThat(store.load("a")).isNull();
        assertThat(store.load("b")).isNull();
    }

    @Test
    void aChangedRevisionReachesTheClientAtItsNextRefresh() throws SQLException {
        store.writer().put("new-checkout", ON);
        flags = client(Duration.ofMillis(100));
        assertThat(flags.isEnabled("new-checkout", USER)).isTrue();

        Sql.update(dataSource(),
                "UPDATE feature_flags SET definition = ?, revision = revision + 1 WHERE flag_key = ?", OFF,
                "new-checkout");

        await().atMost(Duration.ofSeconds(10)).until(() -> !flags.isEnabled("new-checkout", USER));
        assertThat(flags.evaluateBoolean("new-checkout", USER, true).source()).isEqualTo("table feature_flags");
    }

    @Test
    void aDatabaseThatGoesDownLeavesTheLastFlagsServedAndTheStatusStale() throws SQLException {
        store.writer().put("a", ON);
        flags = client(Duration.ofMillis(50));
        assertThat(flags.isEnabled("a", USER)).isTrue();

        database.down("Connection to db.internal:5432 refused");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(flags.isEnabled("a", USER)).isTrue();
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
        });
        assertThat(flags.status().lastError()).contains(
                "java.sql.SQLException: table feature_flags: Connection to db.internal:5432 refused (SQLState 08001)");

        database.down(null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("a", USER);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
        });
    }

    @Test
    void aKeyAskedOnceDuringAnOutageDoesNotKeepTheClientStaleOnceTheDatabaseIsBack() throws SQLException {
        store.writer().put("a", ON);
        flags = client(Duration.ofMillis(200));
        assertThat(flags.isEnabled("a", USER)).isTrue();
        database.down("Connection to db.internal:5432 refused");

        flags.isEnabled("cold-during-outage", USER);                // a rare path, asked once and never again

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE));
        database.down(null);

        // Nobody asks for the key again; expireAfterAccess (1 h by default) is far away.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY));
        assertThat(flags.status().lastError()).isNull();
    }

    @Test
    void everyStatementCarriesTheQueryTimeout() throws SQLException {
        JdbcFlagStore timed = JdbcFlagStore.builder(database.dataSource()).queryTimeout(Duration.ofSeconds(2)).build();
        timed.writer().put("a", ON);
        database.reset();

        StoredFlag current = timed.load("a");
        timed.reload("a", current);
        timed.load("b");

        assertThat(database.queryTimeouts).containsExactly(2, 2, 2);
    }

    @Test
    void aTableInAnotherSchemaServesLikeTheDefaultOne() throws SQLException {
        Sql.script(dataSource(), "DROP SCHEMA IF EXISTS flags_ops CASCADE; CREATE SCHEMA flags_ops");
        try {
            Sql.script(dataSource(),
                    Sql.resource(schemaResource()).replaceAll("\\bfeature_flags\\b", "flags_ops.feature_flags"));
            JdbcFlagStore ops = JdbcFlagStore.builder(database.dataSource()).table("flags_ops.feature_flags").build();

            ops.writer().put("a", OFF);

            assertThat(ops.load("a").definition()).isEqualTo(OFF);
            assertThat(store.load("a")).isNull();
            assertThat(ops.name()).isEqualTo("table flags_ops.feature_flags");
        } finally {
            Sql.script(dataSource(), "DROP SCHEMA flags_ops CASCADE");
        }
    }

    @Test
    void segmentMembersAreAnsweredFromTheirTable() throws SQLException {
        Sql.update(dataSource(), "INSERT INTO segment_members (segment, member_key) VALUES (?, ?)", "gold", "user-1");
        JdbcSegmentMembership members = JdbcSegmentMembership.builder(database.dataSource()).build();

        assertThat(members.contains("gold", "user-1")).isTrue();
        assertThat(members.contains("gold", "user-2")).isFalse();
        assertThat(members.contains("silver", "user-1")).isFalse();
    }

    @Test
    void anExternalSegmentInADocumentIsAnsweredFromTheTable() throws SQLException {
        Sql.update(dataSource(), "INSERT INTO segment_members (segment, member_key) VALUES (?, ?)", "gold", "user-1");
        flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("""
                        segments: { gold: { external: true } }
                        flags:
                          perks:
                            rules: [ { when: [ { op: inSegment, values: [gold] } ], serve: on } ]
                            default: { serve: off }
                        """))
                .segments(JdbcSegmentMembership.builder(database.dataSource()).build())
                .build();

        assertThat(flags.isEnabled("perks", USER)).isTrue();
        assertThat(flags.isEnabled("perks", FlagContext.of("user-2"))).isFalse();
    }

    FeatureFlags client(Duration refreshAfter) {
        return FeatureFlags.builder()
                .store(store)
                .storeCaching(StoreCaching.defaults()
                        .withRefreshAfter(refreshAfter)
                        .withColdTimeout(Duration.ofSeconds(5)))
                .build();
    }
}
