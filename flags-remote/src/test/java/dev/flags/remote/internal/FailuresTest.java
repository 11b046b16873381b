package dev.flags.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailuresTest {

    private static final URI STORE = URI.create("https://flags.internal/v1/flags");

    @Test
    void aRefusedConnectionNamesTheHostAndTheSchemesPort() {
        // As the JDK client reports it: a ConnectException without a message, wrapped.
        Throwable failure = new ExecutionException(new ConnectException());

        assertThat(Failures.describe(failure, STORE)).isEqualTo("connection refused to flags.internal:443");
        assertThat(Failures.describe(new ConnectException(), URI.create("http://127.0.0.1:8080/flags")))
                .isEqualTo("connection refused to 127.0.0.1:8080");
    }

    @Test
    void theUsualNetworkFailuresHaveTheirOwnWords() {
        assertThat(Failures.describe(new UnknownHostException("flags.internal"), STORE))
                .isEqualTo("unknown host flags.internal");
        assertThat(Failures.describe(new HttpConnectTimeoutException("HTTP connect timed out"), STORE))
                .isEqualTo("connecting to flags.internal:443 timed out");
        assertThat(Failures.describe(new IOException("Connection reset by peer"), STORE))
                .isEqualTo("the connection to flags.internal:443 was reset");
    }

    @Test
    void anythingElseKeepsItsClassAndMessageAndSaysWhere() {
        assertThat(Failures.describe(new IllegalStateException("odd"), STORE))
                .isEqualTo("IllegalStateException: odd (flags.internal:443)");
    }

    @Test
    void aValueTheStoreSentIsShownShortAndPrintable() {
        assertThat(Failures.shown("text/html\r\nX: y")).isEqualTo("text/html??X: y");
        assertThat(Failures.shown("x".repeat(100_000))).hasSize(103);
    }
}
