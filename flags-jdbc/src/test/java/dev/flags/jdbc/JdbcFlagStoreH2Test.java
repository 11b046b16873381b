package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flags.StoredFlag;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The store on an embedded H2 database: fast, and always run. */
class JdbcFlagStoreH2Test extends JdbcFlagStoreContract {

    private static final JdbcDataSource H2 = new JdbcDataSource();

    static {
        H2.setURL("jdbc:h2:mem:flags-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    DataSource dataSource() {
        return H2;
    }

    @Override
    String schemaResource() {
        return Sql.H2_SCHEMA;
    }

    @Test
    void aTimeoutWithAPartOfASecondRoundsUpToTheNextWholeSecond() throws SQLException {
        JdbcFlagStore.builder(database.dataSource()).queryTimeout(Duration.ofMillis(1500)).build().load("a");
        JdbcFlagStore.builder(database.dataSource()).queryTimeout(Duration.ofMillis(1)).build().load("a");

        assertThat(database.queryTimeouts).containsExactly(2, 1);
    }

    @Test
    void aRowWithoutADefinitionFailsSayingSo() throws SQLException {
        Sql.script(dataSource(), "DROP TABLE IF EXISTS loose_flags;"
                + " CREATE TABLE loose_flags (flag_key VARCHAR(200) PRIMARY KEY, definition VARCHAR, revision BIGINT);"
                + " INSERT INTO loose_flags VALUES ('a', NULL, 1)");
        JdbcFlagStore loose = JdbcFlagStore.builder(database.dataSource()).table("loose_flags").build();

        assertThatThrownBy(() -> loose.load("a")).isInstanceOf(SQLException.class)
                .hasMessage("table loose_flags: flag 'a' has a NULL definition");
    }

    @Test
    void onH2AnUpdateThatLeavesTheRevisionAloneGoesUnnoticed() throws SQLException {
        Sql.update(dataSource(), INSERT, "a", ON, 1L);
        StoredFlag current = store.load("a");

        // H2 has no SQL triggers: the schema cannot raise the revision, whoever updates must (see the README).
        Sql.update(dataSource(), "UPDATE feature_flags SET definition = ? WHERE flag_key = ?", OFF, "a");

        assertThat(store.reload("a", current)).isSameAs(current);
    }
}
