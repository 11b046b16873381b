package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the store checks and shows, without a database. */
class JdbcFlagStoreTest {

    private static final String SECRET_URL = "jdbc:postgresql://db.internal/flags?user=app&password=hunter2";

    /** A data source that describes itself with its URL, password and all, and fails every connection saying so. */
    private static final DataSource TALKATIVE = (DataSource) Proxy.newProxyInstance(
            DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                if (method.getName().equals("toString")) {
                    return "DataSource[" + SECRET_URL + "]";
                }
                if (method.getName().equals("getConnection")) {
                    throw new SQLTransientConnectionException("cannot connect to postgres://app:hunter2@db.internal/flags"
                            + " nor to " + SECRET_URL, "08001");
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @ParameterizedTest
    @ValueSource(strings = {"feature_flags", "FEATURE_FLAGS", "_flags", "ops.feature_flags", "flags2"})
    void plainAndSchemaQualifiedTableNamesAreAccepted(String table) {
        assertThat(JdbcFlagStore.builder(TALKATIVE).table(table).build().name()).isEqualTo("table " + table);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "feature_flags; DROP TABLE users", "flags --", "\"flags\"", "a.b.c", "2flags",
            "flags where 1=1", "flags/**/", "ops.", ".flags", "fläggs", "feature-flags",
            "a_name_that_is_much_too_long_for_any_database_to_take_as_one_identifier"})
    void tableNamesThatAreNotPlainSqlNamesAreRefused(String table) {
        assertThatThrownBy(() -> JdbcFlagStore.builder(TALKATIVE).table(table))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table must be a plain SQL name or schema.name");
        assertThatThrownBy(() -> JdbcSegmentMembership.builder(TALKATIVE).table(table))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theBuilderRefusesWhatCannotWork() {
        assertThatThrownBy(() -> JdbcFlagStore.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("dataSource");
        assertThatThrownBy(() -> JdbcFlagStore.builder(TALKATIVE).queryTimeout(Duration.ZERO))
                .hasMessage("queryTimeout must be positive, not PT0S");
        assertThatThrownBy(() -> JdbcFlagStore.builder(TALKATIVE).name(" ")).hasMessage("name must not be blank");
        assertThatThrownBy(() -> JdbcFlagStore.builder(TALKATIVE).table(null)).hasMessage("table");
    }

    @Test
    void theStoreShowsItsTableButNeverItsDataSource() {
        JdbcFlagStore store = JdbcFlagStore.builder(TALKATIVE).table("ops.flags").build();
        JdbcSegmentMembership members = JdbcSegmentMembership.builder(TALKATIVE).build();

        assertThat(store.name()).isEqualTo("table ops.flags");
        assertThat(store).hasToString("JdbcFlagStore[table ops.flags, table=ops.flags, queryTimeout=5s]");
        assertThat(store.writer()).hasToString("JdbcFlagWriter[table=ops.flags]");
        assertThat(members).hasToString(
                "JdbcSegmentMembership[table segment_members, table=segment_members, queryTimeout=5s]");
    }

    @Test
    void aFailureNamesTheTableAndBlanksPasswords() {
        JdbcFlagStore store = JdbcFlagStore.builder(TALKATIVE).build();

        assertThatThrownBy(() -> store.load("a"))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("table feature_flags: cannot connect to")
                .hasMessageContaining("password=***")
                .hasMessageContaining("postgres://app:***@db.internal")
                .hasMessageEndingWith("(SQLState 08001)")
                .hasNoCause()
                .satisfies(e -> assertThat(e.toString()).doesNotContain("hunter2"));
    }

    @Test
    void aFailureWithNothingToBlankKeepsTheDriversExceptionAsItsCause() {
        SQLException refused = new SQLException("Connection refused", "08001");
        DataSource down = (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw refused;
                });

        assertThatThrownBy(() -> JdbcSegmentMembership.builder(down).build().contains("gold", "u"))
                .hasMessage("table segment_members: Connection refused (SQLState 08001)")
                .hasCause(refused);
    }

    @Test
    void passwordsAreBlankedInTheirUsualSpellings() {
        assertThat(SqlTable.redacted("url jdbc:h2:mem:x;PASSWORD=s3cret;USER=sa")).isEqualTo(
                "url jdbc:h2:mem:x;PASSWORD=***;USER=sa");
        assertThat(SqlTable.redacted("pwd: s3cret, next")).isEqualTo("pwd: ***");
        assertThat(SqlTable.redacted("FATAL: password authentication failed for user \"app\""))
                .isEqualTo("FATAL: password authentication failed for user \"app\"");
    }

    @Test
    void aPasswordIsBlankedWholeWhateverCharactersItHolds() {
        assertThat(SqlTable.redacted("jdbc:h2:mem:x;PASSWORD=Hunter2)Secret;USER=sa"))
                .isEqualTo("jdbc:h2:mem:x;PASSWORD=***;USER=sa");
        assertThat(SqlTable.redacted("user=bob&password=Hunter2,Secret&ssl=true"))
                .isEqualTo("user=bob&password=***&ssl=true");
        assertThat(SqlTable.redacted("password=Hunter2 Secret")).isEqualTo("password=***");
        assertThat(SqlTable.redacted("jdbc:postgresql://bob:Hun/ter2@db:5432/app"))
                .isEqualTo("jdbc:postgresql://bob:***@db:5432/app");
        assertThat(SqlTable.redacted("jdbc:postgresql://bob:p@ss@db/app failed"))
                .isEqualTo("jdbc:postgresql://bob:***@db/app failed");
        assertThat(SqlTable.redacted("jdbc:postgresql://db:5432/app")).isEqualTo("jdbc:postgresql://db:5432/app");
    }
}
