package dev.flags.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.remote.HttpFlagSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAreReadAsWritten() {
        assertThat(HttpFetcher.retryAfterSeconds("120", NOW)).isEqualTo(120);
        assertThat(HttpFetcher.retryAfterSeconds(" 0 ", NOW)).isZero();
        assertThat(HttpFetcher.retryAfterSeconds("007", NOW)).isEqualTo(7);
    }

    @Test
    void anHttpDateIsTheTimeUntilThen() {
        assertThat(HttpFetcher.retryAfterSeconds("Mon, 07 Dec 2026 09:01:30 GMT", NOW)).isEqualTo(90);
    }

    @Test
    void aDatePastMeansAtOnce() {
        assertThat(HttpFetcher.retryAfterSeconds("Sun, 06 Dec 2026 09:00:00 GMT", NOW)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775807", "9223372036854775808", "99999999999999999999999999999"})
    void anyNumberOfDigitsSaturatesInsteadOfOverflowing(String value) {
        assertThat(HttpFetcher.retryAfterSeconds(value, NOW)).isEqualTo(Long.MAX_VALUE);
        assertThat(HttpFetcher.retryAfter(Long.MAX_VALUE)).isEqualTo(HttpFlagSource.Builder.MAX_RETRY_AFTER);
        assertThat(HttpFetcher.retryAfter(Long.MAX_VALUE).toNanos()).as("no overflow further on").isPositive();
    }

    @Test
    void aWaitLongerThanTheCapIsTheCap() {
        assertThat(HttpFetcher.retryAfter(999_999_999)).isEqualTo(Duration.ofMinutes(5));
        assertThat(HttpFetcher.retryAfter(HttpFetcher.retryAfterSeconds("Fri, 31 Dec 9999 23:59:59 GMT", NOW)))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(HttpFetcher.retryAfter(299)).isEqualTo(Duration.ofSeconds(299));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-5", "1.5", "+3", "Monday", "0x10"})
    void anUnreadableValueIsIgnored(String value) {
        assertThat(HttpFetcher.retryAfterSeconds(value, NOW)).isEqualTo(-1);
    }
}
