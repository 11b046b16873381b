package dev.flags.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the writer takes for one JSON object before it asks the flag compiler. */
class JdbcFlagWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", " { \"enabled\": true } ", "{\"a\": {\"b\": [1, {\"c\": \"}\"}]}}",
            "{\"quote\": \"\\\"}\"}"})
    void oneObjectIsOneObject(String text) {
        assertThat(JdbcFlagWriter.isOneJsonObject(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "true", "{}, \"other\": {}", "{} {}", "{", "{\"a\": \"}", "}{", "{}}"})
    void anythingElseIsNot(String text) {
        assertThat(JdbcFlagWriter.isOneJsonObject(text)).isFalse();
    }
}
