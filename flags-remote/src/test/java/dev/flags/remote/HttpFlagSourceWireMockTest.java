package dev.flags.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSource;
import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.State;
import dev.flags.remote.internal.Backoff;
import dev.flags.remote.internal.Timebase;
import dev.flags.testsupport.CapturedStderr;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every failure a network gives, from a WireMock store: the flags keep their last good values and
 * {@code status()} says what is wrong. Each test starts healthy on revision 1 ("blue"), then breaks the store.
 */
class HttpFlagSourceWireMockTest {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String FLAGS = "/flags";
    private static final String STREAM = "/flags/stream";
    /** Outranks the healthy stubs (default priority 5); among equal priorities the newest stub wins. */
    private static final int FAILURE = 1;
    /** Between the two: a 304 to a conditional request outranks the healthy 200 but not a failure. */
    private static final int NOT_MODIFIED = 2;
    /**
     * Last-Modified dates with a day of month below 10: a client that parsed and reformatted them (RFC 1123 style,
     * as {@code DateTimeFormatter.RFC_1123_DATE_TIME} does) would send back "4 Dec", not the "04 Dec" received.
     * Long past, and a day before the answers' Date, so that they are strong validators (RFC 9110).
     */
    private static final String FRIDAY = "Fri, 04 Dec 2020 09:05:03 GMT";
    private static final String SATURDAY = "Sat, 05 Dec 2020 10:00:00 GMT";
    /** The Date of every answer that carries a Last-Modified: a day after, so that the dates are strong validators. */
    private static final String SUNDAY = "Sun, 06 Dec 2020 10:00:00 GMT";
    /** Fetch attempts without waits between them (they would add up to seconds per test); reconnects as usual. */
    private static final Backoff FAST_RETRIES = new Backoff(attempt -> 1L, Backoff.DEFAULT.reconnect());

    /** One store for the class (starting one per test cost most of each test's time); reset before each test. */
    @RegisterExtension
    static final WireMockExtension store = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().gzipDisabled(true))
            .build();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void storeServesRevisionOne() {
        serve(1, "blue");
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    // ---------------------------------------------------------------- failures that keep the last good flags

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 504})
    void aServerErrorKeepsTheLastGoodFlagsAndSaysSo(int status) {
        FeatureFlags flags = healthyClient(source());

        failWith(aResponse().withStatus(status).withBody("oops"));

        assertKeepsRevisionOneAndReports(flags, "HTTP " + status);
    }

    @Test
    void aLongOutageOpensTheCircuitBreakerAndStatusSaysSo() {
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)));

        failWith(aResponse().withStatus(500));

        assertKeepsRevisionOneAndReports(flags, "circuit breaker", "HTTP 500");
    }

    @Test
    void theClientIsFreshAgainOnceTheStoreIsBack() {
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)));
        StubMapping outage = failWith(aResponse().withStatus(500));
        await().atMost(WAIT).untilAsserted(() -> assertThat(flags.status().lastError()).contains("circuit breaker"));

        store.removeStub(outage);
        serve(2, "green");

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(flags.status().state()).isEqualTo(State.READY);
            assertThat(flags.getString("color", USER, "none")).isEqualTo("green");
        });
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {429, 503})
    void retryAfterIsHonouredBeforeAskingAgain(int status) {
        VirtualTime time = new VirtualTime();
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100))
                .timing(time, VirtualTime.BACKOFF));

        failWith(aResponse().withStatus(status).withHeader("Retry-After", "1"));
        advanceUntil(time, () -> !documentRequestsAnswered(status).isEmpty());

        assertKeepsRevisionOneAndReports(flags, "retry after 1 s", "HTTP " + status);
        // Polls every 100 ms would ask again nine times in that second: none may, until the second is over.
        for (int i = 0; i < 3; i++) {
            int asked = documentRequests().size();
            time.advance(Duration.ofMillis(999));
            assertThat(documentRequests()).as("requests within Retry-After: 1").hasSize(asked);
            time.advance(Duration.ofMillis(1));
            assertThat(documentRequests()).as("requests once it has passed").hasSize(asked + 1);
        }
    }

    @Test
    void anAbsurdRetryAfterIsCappedAndReportedInsteadOfKillingThePolling() {
        VirtualTime time = new VirtualTime();
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofSeconds(1))
                .timing(time, VirtualTime.BACKOFF));

        StubMapping throttled = failWith(aResponse().withStatus(503).withHeader("Retry-After", "9223372036854775807"));
        advanceUntil(time, () -> !documentRequestsAnswered(503).isEmpty());

        assertKeepsRevisionOneAndReports(flags, "retry after over 10^18 s; waiting 300 s, the most it may ask");
        int asked = documentRequests().size();
        time.advance(Duration.ofSeconds(299), Duration.ofSeconds(1));
        assertThat(documentRequests()).as("requests within the cap").hasSize(asked);
        store.removeStub(throttled);
        serve(2, "green");
        time.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> flags.getString("color", USER, "none").equals("green"));
        assertThat(flags.status().state()).isEqualTo(State.READY);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void refusedCredentialsStopThePollingAndSaySo(int status) {
        VirtualTime time = new VirtualTime();
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100))
                .timing(time, VirtualTime.BACKOFF));

        failWith(aResponse().withStatus(status));
        advanceUntil(time, () -> !documentRequestsAnswered(status).isEmpty());

        assertKeepsRevisionOneAndReports(flags, "HTTP " + status, "not asking again");
        int asked = documentRequests().size();
        time.advance(Duration.ofMinutes(10), Duration.ofMillis(100));
        assertThat(documentRequests()).as("requests in the 10 minutes after the refusal").hasSize(asked);
        assertThat(flags.status().state()).isEqualTo(State.STALE);
    }

    @Test
    void refusedCredentialsOnTheStreamStopTheStreamAndThePolling() {
        VirtualTime time = new VirtualTime();
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(": hello\n\n")));
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)).streaming(true)
                .timing(time, VirtualTime.BACKOFF));
        await().atMost(WAIT).until(() -> !streamRequests().isEmpty());

        // The stream reconnects (its response ended) and is refused; the document endpoint still answers.
        store.stubFor(get(urlPathEqualTo(STREAM)).atPriority(FAILURE).willReturn(aResponse().withStatus(401)));
        advanceUntil(time, () -> String.valueOf(flags.status().lastError()).contains("HTTP 401"));

        int asked = documentRequests().size() + streamRequests().size();
        time.advance(Duration.ofMinutes(10), Duration.ofMillis(100));
        assertThat(documentRequests().size() + streamRequests().size()).as("requests after the refusal")
                .isEqualTo(asked);
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        assertThat(flags.status().state()).isEqualTo(State.STALE);
        assertThat(flags.status().lastError()).contains("refused the credentials (HTTP 401)");
        assertThat(streamDetail(flags)).isEqualTo(
                "denied: the store refused the credentials (HTTP 401); not asking again until reconfigured");
    }

    @Test
    void aConnectionRefusedSaysSoWithTheHostAndPort() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        FeatureFlags flags = FeatureFlags.builder()
                .source(source(URI.create("http://127.0.0.1:" + port + FLAGS)).build())
                .build();
        opened.add(flags);

        await().atMost(WAIT).untilAsserted(() -> assertThat(flags.status().lastError())
                .contains("cannot reach the store: connection refused to 127.0.0.1:" + port));
    }

    @Test
    void aConnectionResetKeepsTheLastGoodFlagsAndSaysSo() {
        FeatureFlags flags = healthyClient(source());

        failWith(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertKeepsRevisionOneAndReports(flags, "cannot reach the store");
    }

    @Test
    void anEmptyBodyKeepsTheLastGoodFlagsAndSaysSo() {
        FeatureFlags flags = healthyClient(source());

        failWith(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(""));

        assertKeepsRevisionOneAndReports(flags, "empty document");
    }

    @Test
    void randomBytesThenCloseKeepTheLastGoodFlagsAndSaySo() {
        FeatureFlags flags = healthyClient(source());

        failWith(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        assertKeepsRevisionOneAndReports(flags, "cannot reach the store");
    }

    @Test
    void aBodyThatIsNoFlagDocumentKeepsTheLastGoodFlagsAndSaysSo() {
        FeatureFlags flags = healthyClient(source());

        failWith(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"revision\": 2, \"flags\": <<<garbage"));

        assertKeepsRevisionOneAndReports(flags, "rejected an invalid document");
    }

    @Test
    void aResponseSlowerThanTheRequestTimeoutKeepsTheLastGoodFlagsAndSaysSo() {
        FeatureFlags flags = healthyClient(source());

        failWith(okDocument(2, "green").withFixedDelay(3_000));

        assertKeepsRevisionOneAndReports(flags, "timed out");
    }

    @Test
    void aBodyThatStallsAfterItsHeadersKeepsTheLastGoodFlagsAndSaysSo() throws IOException {
        // WireMock sends the headers with the first body chunk, so a stall after the headers needs a plain server.
        try (StallingStore stalling = new StallingStore()) {
            FeatureFlags flags = healthyClient(source(stalling.url()));

            stalling.stall = true;

            assertKeepsRevisionOneAndReports(flags, "timed out");
        }
    }

    @Test
    void theWrongContentTypeKeepsTheLastGoodFlagsAndSaysSo() {
        FeatureFlags flags = healthyClient(source());

        failWith(aResponse().withStatus(200).withHeader("Content-Type", "text/html; charset=utf-8")
                .withBody("<html><body>Sign in to continue</body></html>"));

        assertKeepsRevisionOneAndReports(flags, "content type text/html");
    }

    @Test
    void aDocumentOverTheSizeLimitKeepsTheLastGoodFlagsAndSaysSo() {
        FeatureFlags flags = healthyClient(source().maxDocumentBytes(4_096));

        failWith(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(document(2, "green", 8_000)));

        assertKeepsRevisionOneAndReports(flags, "larger than the limit of 4096 bytes");
    }

    @Test
    void theSizeLimitAppliesAfterGzipDecompression() throws IOException {
        FeatureFlags flags = healthyClient(source().maxDocumentBytes(4_096));
        byte[] compressed = gzip(document(2, "green", 100_000));
        assertThat(compressed.length).isLessThan(4_096);

        failWith(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Content-Encoding", "gzip").withBody(compressed));

        assertKeepsRevisionOneAndReports(flags, "larger than the limit");
    }

    // ---------------------------------------------------------------- the event stream

    @Test
    void aStreamThatDropsMidEventFallsBackToPollingAndKeepsTheFlags() {
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(
                "id: 1\nevent: revision\ndata: {\"revision\": 1}\n\n" + "id: 2\nevent: revision\ndata: {\"revi")));
        FeatureFlags flags = healthyClient(source().streaming(true));

        await().atMost(WAIT).until(() -> streamRequests().size() >= 2);
        int polls = documentRequests().size();
        await().atMost(WAIT).until(() -> documentRequests().size() >= polls + 3);

        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        assertThat(flags.status().state()).isEqualTo(State.READY);
        await().atMost(WAIT).untilAsserted(() -> assertThat(flags.status().sources().get(0).details().get("stream"))
                .isEqualTo("reconnecting: the store ended the stream"));
    }

    @Test
    void aReconnectAfterADropMidEventResumesFromTheLastCompleteEvent() {
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(
                "id: 1\nevent: revision\ndata: {\"revision\": 1}\n\n" + "id: 2\nevent: revision\ndata: {\"revi")));
        healthyClient(source().streaming(true));

        await().atMost(WAIT).until(() -> streamRequests().size() >= 2);

        // Event 2 never completed (no blank line), so it was never dispatched: resuming after it would skip it.
        assertThat(streamRequests().get(1).getHeader("Last-Event-ID")).isEqualTo("1");
    }

    @Test
    void retryAfterOnTheStreamIsHonouredBeforeReconnecting() {
        VirtualTime time = new VirtualTime();
        store.stubFor(get(urlPathEqualTo(STREAM))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")));
        FeatureFlags flags = healthyClient(source().streaming(true).timing(time, VirtualTime.BACKOFF));
        await().atMost(WAIT).until(() -> streamRequests().size() == 1 && time.sleepers() == 1);

        time.advance(Duration.ofMillis(4_999));
        assertThat(streamRequests()).as("stream requests within Retry-After: 5").hasSize(1);
        time.advance(Duration.ofMillis(1));
        await().atMost(WAIT).until(() -> streamRequests().size() == 2);
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
    }

    @Test
    void anAbsurdRetryAfterOnTheStreamIsCappedAndTheReaderLives() {
        VirtualTime time = new VirtualTime();
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(aResponse().withStatus(503)
                .withHeader("Retry-After", "9223372036854775807")));
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMinutes(1)).streaming(true)
                .timing(time, VirtualTime.BACKOFF));
        await().atMost(WAIT).until(() -> streamRequests().size() == 1 && time.sleepers() == 1);

        assertThat(streamDetail(flags)).startsWith("reconnecting: the store asked to retry after over 10^18 s; "
                + "waiting 300 s");
        time.advance(Duration.ofSeconds(299), Duration.ofSeconds(1));
        assertThat(streamRequests()).hasSize(1);
        time.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> streamRequests().size() == 2);
    }

    @Test
    void anOverlongRetryFieldIsCappedAndDoesNotKillTheStreamReader() {
        VirtualTime time = new VirtualTime();
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream("retry: 99999999999999999999\n\n")));
        healthyClient(source().pollInterval(Duration.ofMinutes(1)).streaming(true).timing(time, VirtualTime.BACKOFF));
        await().atMost(WAIT).until(() -> streamRequests().size() == 1 && time.sleepers() == 1);

        // The reader outlives a malformed field: it waits the capped 60 s to reconnect.
        time.advance(Duration.ofMillis(59_999));
        assertThat(streamRequests()).hasSize(1);
        assertThat(liveThreadsNamed("flags-remote-stream")).isOne();
        time.advance(Duration.ofMillis(1));
        await().atMost(WAIT).until(() -> streamRequests().size() == 2);
    }

    @Test
    void aLineLongerThanTheLimitDropsTheStreamWithItsReasonAndItReconnects() {
        VirtualTime time = new VirtualTime();
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(": " + "x".repeat(10_000) + "\n\n")));
        FeatureFlags flags = healthyClient(source().maxDocumentBytes(4_096).streaming(true)
                .timing(time, VirtualTime.BACKOFF));
        await().atMost(WAIT).until(() -> streamRequests().size() == 1 && time.sleepers() == 1);

        assertThat(streamDetail(flags)).isEqualTo("reconnecting: the store sent a line longer than 4096 bytes");
        assertThat(flags.status().state()).isEqualTo(State.READY);
        time.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> streamRequests().size() == 2);
        assertThat(liveThreadsNamed("flags-remote-stream")).isOne();
    }

    @Test
    void anEventLongerThanTheLimitDropsTheStreamWithItsReason() {
        VirtualTime time = new VirtualTime();
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(
                ("data: " + "x".repeat(1_000) + "\n").repeat(10) + "\n")));
        FeatureFlags flags = healthyClient(source().maxDocumentBytes(4_096).streaming(true)
                .timing(time, VirtualTime.BACKOFF));
        await().atMost(WAIT).until(() -> streamRequests().size() == 1 && time.sleepers() == 1);

        assertThat(streamDetail(flags)).isEqualTo("reconnecting: the store sent an event longer than 4096 bytes");
    }

    @Test
    void aStoreWithoutAStreamEndpointIsPolledWithoutAnErrorStorm() {
        VirtualTime time = new VirtualTime();
        // No stub for /flags/stream: WireMock answers 404.
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofSeconds(30)).streaming(true)
                .timing(time, VirtualTime.BACKOFF));
        // (The JDK client's first request may fail its HTTP/2 upgrade and be retried a virtual second later.)
        advanceUntil(time, () -> String.valueOf(streamDetail(flags)).startsWith("none:") && time.sleepers() == 1);
        int asked = streamRequests().size();

        time.advance(Duration.ofSeconds(599), Duration.ofSeconds(1));

        assertThat(streamRequests()).as("stream requests in the next 10 minutes").hasSize(asked);
        assertThat(documentRequests()).hasSizeGreaterThan(15);
        assertThat(flags.status().state()).isEqualTo(State.READY);
        assertThat(flags.status().lastError()).isNull();
        assertThat(streamDetail(flags)).isEqualTo("none: the store answered HTTP 404; polling every PT30S");
        time.advance(Duration.ofSeconds(1));
        await().atMost(WAIT).until(() -> streamRequests().size() == asked + 1);
    }

    @Test
    void aStreamEndpointThatRedirectsIsReportedOnceInItsOwnWords() {
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://127.0.0.1:1/elsewhere")));
        FeatureFlags flags = healthyClient(source().streaming(true));

        await().atMost(WAIT).untilAsserted(() -> assertThat(flags.status().sources().get(0).details().get("stream"))
                .startsWith("none: the store redirected (HTTP 302)")
                .doesNotContain("answered the store"));
    }

    @Test
    void aHalfOpenStreamIsDroppedAfterTheHeartbeatTimeoutPolledAroundAndReconnected() throws IOException {
        VirtualTime time = new VirtualTime();
        Duration heartbeat = Duration.ofSeconds(1);
        // The client waits 5 s before it reconnects, long enough to read what it does while disconnected. The
        // back-off says 5 s as well as the store's retry field: the watchdog may drop the stream before the reader
        // thread (which runs in real time beside the virtual clock) has read that field.
        Backoff reconnectAfterFiveSeconds = new Backoff(attempt -> 1L, attempt -> 5_000L);
        try (SilentStreamStore silent = new SilentStreamStore(5_000)) {
            FeatureFlags flags = healthyClient(source(silent.url()).streaming(true).heartbeatTimeout(heartbeat)
                    .timing(time, reconnectAfterFiveSeconds));
            await().atMost(WAIT).until(() -> "connected".equals(streamDetail(flags)));

            // The watchdog (every quarter of the timeout) lets go of the connection, and not before the timeout.
            // The last activity is the retry field, read at a virtual time between 0 and the first advance's end,
            // so the drop comes at 1.0 s or 1.25 s.
            time.advance(Duration.ofMillis(999), Duration.ofMillis(1));
            assertThat(streamDetail(flags)).isEqualTo("connected");
            time.advance(Duration.ofMillis(250));
            assertThat(streamDetail(flags)).isEqualTo("reconnecting: silent for longer than PT1S");
            await().atMost(WAIT).until(() -> silent.streams().get(0).droppedNanos != 0);

            // While it is down, polling carries the flags, and status says why the stream is down. 4.5 s more ends
            // before the earliest reconnect (a drop at 1.0 s plus 5 s).
            await().atMost(WAIT).until(() -> time.sleepers() == 1);
            int polled = silent.documentRequests();
            time.advance(Duration.ofMillis(4_500), Duration.ofMillis(100));
            assertThat(silent.documentRequests()).isGreaterThanOrEqualTo(polled + 10);
            assertThat(silent.streams()).as("stream connections before the reconnect wait has passed").hasSize(1);
            assertThat(streamDetail(flags)).isEqualTo("reconnecting: silent for longer than PT1S");

            time.advance(Duration.ofMillis(600)); // past the latest reconnect: a drop at 1.25 s plus 5 s
            await().atMost(WAIT).until(() -> silent.streams().size() >= 2);
            assertThat(flags.status().state()).isEqualTo(State.READY);
            assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        }
    }

    // ---------------------------------------------------------------- protocol

    @Test
    void aGzipEncodedDocumentIsAccepted() throws IOException {
        store.stubFor(get(urlPathEqualTo(FLAGS)).withHeader("Accept-Encoding", equalTo("gzip"))
                .atPriority(FAILURE)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withHeader("Content-Encoding", "gzip").withHeader("ETag", "\"gz1\"")
                        .withBody(gzip(document(1, "blue", 0)))));

        FeatureFlags flags = healthyClient(source());

        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        assertThat(flags.status().revision()).isEqualTo(1L);
    }

    @Test
    void aNotModifiedAnswerKeepsTheFlagsCostsNoParseAndMarksThemFresh() {
        store.stubFor(get(urlPathEqualTo(FLAGS)).withHeader("If-None-Match", equalTo("\"r1\""))
                .atPriority(NOT_MODIFIED).willReturn(aResponse().withStatus(304).withHeader("ETag", "\"r1\"")));
        FeatureFlags flags = healthyClient(source());
        StubMapping outage = failWith(aResponse().withStatus(500));
        await().atMost(WAIT).until(() -> flags.status().state() == State.STALE);
        Instant staleSince = flags.status().lastSync();

        store.removeStub(outage);

        await().atMost(WAIT).untilAsserted(() -> {
            FlagsStatus status = flags.status();
            assertThat(status.state()).isEqualTo(State.READY);
            assertThat(status.lastError()).isNull();
            assertThat(status.lastSync()).isAfter(staleSince);
        });
        // A 304 has no body: had the client parsed it, it would have rejected an empty document and stayed stale.
        assertThat(store.findAll(getRequestedFor(urlPathEqualTo(FLAGS))
                .withHeader("If-None-Match", equalTo("\"r1\"")))).isNotEmpty();
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        assertThat(flags.status().revision()).isEqualTo(1L);
    }

    @Test
    void aLastModifiedWithoutAnETagComesBackVerbatimAsIfModifiedSinceAndItsNotModifiedCostsNoParse() {
        serveWithLastModified(1, "blue", FRIDAY);
        FeatureFlags flags = healthyClient(source());
        Instant ready = flags.status().lastSync();

        await().atMost(WAIT).until(() -> documentRequestsAnswered(304).size() >= 3);

        assertThat(documentRequests()).filteredOn(request -> request.containsHeader("If-Modified-Since"))
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(request -> assertThat(request.getHeader("If-Modified-Since")).isEqualTo(FRIDAY));
        assertThat(documentRequests()).noneMatch(request -> request.containsHeader("If-None-Match"));
        // A 304 has no body: had the client parsed it, it would have rejected an empty document and gone stale.
        FlagsStatus status = flags.status();
        assertThat(status.state()).isEqualTo(State.READY);
        assertThat(status.lastError()).isNull();
        assertThat(status.lastSync()).isAfter(ready);
        assertThat(status.revision()).isEqualTo(1L);
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
    }

    @Test
    void anETagAndALastModifiedAreBothSentBack() {
        store.stubFor(get(urlPathEqualTo(FLAGS)).willReturn(okDocument(1, "blue").withHeader("Last-Modified", FRIDAY)
                .withHeader("Date", SUNDAY)));
        healthyClient(source());

        await().atMost(WAIT).until(() -> documentRequestsWith("If-None-Match", "\"r1\"").size() >= 2);

        assertThat(documentRequests())
                .filteredOn(request -> request.containsHeader("If-None-Match")
                        || request.containsHeader("If-Modified-Since"))
                .isNotEmpty()
                .allSatisfy(request -> {
                    assertThat(request.getHeader("If-None-Match")).isEqualTo("\"r1\"");
                    assertThat(request.getHeader("If-Modified-Since")).isEqualTo(FRIDAY);
                });
    }

    @Test
    void aChangedDocumentReplacesTheLastModifiedSentBack() {
        StubMapping unchangedSinceFriday = serveWithLastModified(1, "blue", FRIDAY);
        FeatureFlags flags = healthyClient(source());
        await().atMost(WAIT).until(() -> !documentRequestsAnswered(304).isEmpty());

        store.removeStub(unchangedSinceFriday);
        serveWithLastModified(2, "green", SATURDAY);
        await().atMost(WAIT).until(() -> flags.getString("color", USER, "none").equals("green"));
        int sentFriday = documentRequestsWith("If-Modified-Since", FRIDAY).size();

        // Each of these is answered 304 (the stub matches Saturday's date only).
        await().atMost(WAIT).until(() -> documentRequestsWith("If-Modified-Since", SATURDAY).size() >= 3);
        assertThat(documentRequestsWith("If-Modified-Since", FRIDAY)).as("requests sending Friday's date")
                .hasSize(sentFriday);
        assertThat(flags.status().state()).isEqualTo(State.READY);
        assertThat(flags.status().revision()).isEqualTo(2L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ETag, If-None-Match", "Last-Modified, If-Modified-Since"})
    void anOverlongValidatorIsNotSentBack(String validator, String conditional) {
        store.stubFor(get(urlPathEqualTo(FLAGS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader(validator, "\"" + "x".repeat(300) + "\"")
                .withBody(document(1, "blue", 0))));
        healthyClient(source());

        await().atMost(WAIT).until(() -> documentRequests().size() >= 3);

        assertThat(documentRequests()).allSatisfy(request -> assertThat(request.containsHeader(conditional)).isFalse());
    }

    @Test
    void theBearerTokenAndCustomHeadersGoOnPollingAndStreamRequests() {
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(": hello\n\n")));

        healthyClient(source().bearerToken("tok-123").header("X-Api-Key", "key-456").streaming(true));

        await().atMost(WAIT).until(() -> !streamRequests().isEmpty() && !documentRequests().isEmpty());
        for (String path : List.of(FLAGS, STREAM)) {
            store.verify(getRequestedFor(urlPathEqualTo(path))
                    .withHeader("Authorization", equalTo("Bearer tok-123"))
                    .withHeader("X-Api-Key", equalTo("key-456")));
            assertThat(store.findAll(getRequestedFor(urlPathEqualTo(path))))
                    .allSatisfy(request -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer tok-123"));
        }
    }

    @Test
    void aDocumentWithALowerRevisionIsIgnored() {
        serve(2, "green");
        FeatureFlags flags = healthyClient(source());
        assertThat(flags.getString("color", USER, "none")).isEqualTo("green");

        serve(1, "blue");
        int before = documentRequests().size();
        await().atMost(WAIT).until(() -> documentRequests().size() >= before + 3);

        assertThat(flags.getString("color", USER, "none")).isEqualTo("green");
        assertThat(flags.status().revision()).isEqualTo(2L);
    }

    @Test
    void aDocumentWithALowerRevisionDoesNotReplaceTheBackupFile(@TempDir Path dir) throws IOException {
        Path backup = dir.resolve("flags.json");
        serve(2, "green");
        healthyClient(source().backupFile(backup));
        await().atMost(WAIT).untilAsserted(() -> assertThat(backup).content().contains("green"));

        serve(1, "blue");
        int before = documentRequests().size();
        await().atMost(WAIT).until(() -> documentRequests().size() >= before + 3);

        // After a restart with the store down this file is what the application serves: it must not go back.
        assertThat(Files.readString(backup)).contains("\"revision\": 2");
    }

    @Test
    void aSustainedOutageWarnsOncePerProblemNotOncePerBreakerCycle() {
        VirtualTime time = new VirtualTime();
        String logged;
        try (CapturedStderr log = new CapturedStderr()) {
            FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofSeconds(1))
                    .timing(time, VirtualTime.BACKOFF));
            failWith(aResponse().withStatus(500));

            // Long enough for the breaker to open, half-open, fail its trial calls and open again, several times.
            time.advance(Duration.ofSeconds(60), Duration.ofMillis(500));
            assertThat(flags.status().state()).isEqualTo(State.STALE);
            logged = log.text();
        }
        List<String> warnings = logged.lines().filter(line -> line.contains(" WARN ")).toList();

        assertThat(logged).contains("circuit breaker OPEN");
        assertThat(warnings).as("WARN lines of one 60 s outage").doesNotHaveDuplicates();
    }

    @Test
    void closeEndsEveryThreadTheSourceStarted() {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(": hello\n\n")));
        FeatureFlags flags = healthyClient(source().streaming(true));
        await().atMost(WAIT).until(() -> !streamRequests().isEmpty());
        assertThat(startedSince(before)).isNotEmpty();

        flags.close();

        // The reference to the client is still held, as an application holds its closed FeatureFlags. Every
        // thread the source started ends; the JDK HTTP client's own selector thread ends at close() from Java 21
        // on (HttpClient.close()), and on Java 17 only once the JDK lets go of the client, which it does not
        // promise to do at once: that thread is checked on 21+ (CI runs this module on both).
        boolean jdkClientCloses = Runtime.version().feature() >= 21;
        await().atMost(WAIT).untilAsserted(() -> assertThat(startedSince(before))
                .filteredOn(name -> jdkClientCloses || name.startsWith("flags-")).isEmpty());
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
    }

    @Test
    void closeEndsThePollingThreadEvenWhileABodyStalls() throws IOException {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        try (StallingStore stalling = new StallingStore()) {
            FeatureFlags flags = healthyClient(source(stalling.url()));
            stalling.stall = true;
            await().atMost(WAIT).until(() -> stalling.stalled() > 0);

            flags.close();

            await().atMost(WAIT).untilAsserted(() -> assertThat(startedSince(before))
                    .filteredOn(name -> name.startsWith("flags-")).isEmpty());
        }
    }

    // ---------------------------------------------------------------- secrets

    @Nested
    class NoSecretLeaks {

        private static final String TOKEN = "tok-SECRET-1";
        private static final String HEADER_VALUE = "hdr-SECRET-2";
        private static final String URL_PASSWORD = "pw-SECRET-3";
        private static final String QUERY_VALUE = "qry-SECRET-4";
        private static final List<String> SECRETS = List.of(TOKEN, HEADER_VALUE, URL_PASSWORD, QUERY_VALUE, "SECRET");

        private HttpFlagSource.Builder secretSource() {
            // Matched, so that WireMock's own report of an unmatched request (which lists its headers) stays quiet.
            store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(aResponse().withStatus(404)));
            URI url = URI.create(store.baseUrl() + FLAGS + "?key=" + QUERY_VALUE);
            return HttpFlagSource.builder(url)
                    .timing(Timebase.SYSTEM, FAST_RETRIES)
                    .bearerToken(TOKEN)
                    .header("X-Api-Key", HEADER_VALUE)
                    .streaming(true)
                    .pollInterval(Duration.ofMillis(100))
                    .startupWait(Duration.ofSeconds(2))
                    .requestTimeout(Duration.ofMillis(500));
        }

        @Test
        void notInToStringStatusOrLogLines() {
            List<String> shown = new ArrayList<>();
            String logged;
            try (CapturedStderr log = new CapturedStderr()) {
                HttpFlagSource source = secretSource().build();
                FeatureFlags flags = healthyClient(source);
                shown.add(source.toString());
                shown.add(source.name());

                for (Failure failure : List.of(new Failure(aResponse().withStatus(500), "HTTP 500"),
                        new Failure(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "cannot reach"),
                        new Failure(okDocument(2, "green").withFixedDelay(2_000), "timed out"),
                        new Failure(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                                .withBody("<html>"), "content type"),
                        new Failure(aResponse().withStatus(401), "HTTP 401"))) {
                    StubMapping stub = failWith(failure.response);
                    await().atMost(WAIT).until(() -> String.valueOf(flags.status().lastError()).contains(failure.says));
                    shown.add(flags.status().toString());
                    shown.add(flags.toString());
                    shown.add(source.toString());
                    store.removeStub(stub);
                }
                await().atMost(WAIT).until(() -> String.valueOf(flags.status().lastError()).contains("HTTP 401"));
                shown.add(flags.status().toString());
                flags.close();
                logged = log.text();
            }

            assertThat(logged).as("captured log").contains("Flag source");
            assertThat(String.join("\n", shown)).contains("HTTP 401");
            for (String secret : SECRETS) {
                assertThat(shown).allSatisfy(text -> assertThat(text).doesNotContain(secret));
                assertThat(logged).doesNotContain(secret);
            }
        }

        @Test
        void notInFailureMessagesOrTheirCauses() {
            RecordingListener listener = new RecordingListener();
            try (HttpFlagSource source = secretSource().build()) {
                source.start(listener);
                for (Failure failure : List.of(new Failure(aResponse().withStatus(503), "HTTP 503"),
                        new Failure(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), "cannot reach"),
                        new Failure(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "cannot reach"),
                        new Failure(okDocument(2, "green").withFixedDelay(2_000), "timed out"),
                        new Failure(aResponse().withStatus(429).withHeader("Retry-After", "1"), "HTTP 429"),
                        new Failure(aResponse().withStatus(403), "HTTP 403"))) {
                    StubMapping stub = failWith(failure.response);
                    await().atMost(WAIT).until(() -> listener.failures.stream().anyMatch(f -> f.contains(failure.says)));
                    store.removeStub(stub);
                }
            }

            assertThat(listener.failures).isNotEmpty();
            for (String secret : SECRETS) {
                assertThat(listener.failures).allSatisfy(text -> assertThat(text).doesNotContain(secret));
            }
        }

        @Test
        void aRedirectIsNotFollowed() {
            WireMockServer elsewhere = new WireMockServer(wireMockConfig().dynamicPort());
            elsewhere.start();
            try {
                elsewhere.stubFor(get(urlPathEqualTo(FLAGS)).willReturn(okDocument(1, "blue")));
                store.stubFor(get(urlPathEqualTo(FLAGS)).atPriority(FAILURE).willReturn(aResponse().withStatus(302)
                        .withHeader("Location", "http://127.0.0.1:" + elsewhere.port() + FLAGS)));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(source().bearerToken(TOKEN).header("X-Api-Key", HEADER_VALUE).build())
                        .build();
                opened.add(flags);
                await().atMost(WAIT).until(() -> !documentRequests().isEmpty());
                await().atMost(WAIT).until(() -> flags.status().state() != State.INITIALIZING
                        || flags.status().lastError() != null);

                // Redirects are not followed at all: nothing, secret or not, reaches the other origin.
                assertThat(elsewhere.findAll(getRequestedFor(urlPathEqualTo(FLAGS)))).isEmpty();
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(flags.status().lastError()).contains("redirected (HTTP 302)"));
            } finally {
                elsewhere.stop();
            }
        }

        @Test
        void theNameAndToStringShowTheUrlWithoutQueryOrFragment() {
            HttpFlagSource source = HttpFlagSource.builder(URI.create("https://flags.internal:8443/v1/flags?key="
                            + QUERY_VALUE + "#" + QUERY_VALUE))
                    .bearerToken(TOKEN)
                    .header("X-Api-Key", HEADER_VALUE)
                    .build();

            assertThat(source.name()).isEqualTo("https://flags.internal:8443/v1/flags");
            assertThat(source.toString()).contains("https://flags.internal:8443/v1/flags", "X-Api-Key", "<redacted>");
            for (String secret : SECRETS) {
                assertThat(source.toString()).doesNotContain(secret);
            }
        }

        @Test
        void aUrlCarryingCredentialsIsRefusedWithoutRepeatingThem() {
            // The JDK client would send user info on, even inside HTTP/2 headers: credentials go in bearerToken.
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("https://flags:" + URL_PASSWORD
                    + "@flags.internal:8443/v1/flags")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must not carry credentials")
                    .hasMessageNotContaining(URL_PASSWORD);
        }

        @Test
        void notInBuilderErrors() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("http://localhost/flags"))
                    .header("Authorization", "Bearer " + TOKEN))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(TOKEN);
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("ftp://u:" + URL_PASSWORD + "@host/flags")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(URL_PASSWORD);
        }
    }

    // ---------------------------------------------------------------- builder validation

    @Nested
    class BuilderValidation {

        @Test
        void aNonHttpUrlIsRefusedByScheme() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("ftp://flags.internal/flags")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("http or https")
                    .hasMessageContaining("ftp");
        }

        @Test
        void aRelativeUrlIsRefused() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("flags.json")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("absolute http or https URL")
                    .hasMessageContaining("relative");
        }

        @Test
        void aZeroPollIntervalIsRefusedByName() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("http://localhost/flags"))
                    .pollInterval(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("pollInterval must be positive, not PT0S");
        }

        @Test
        void aNegativeRequestTimeoutIsRefusedByName() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("http://localhost/flags"))
                    .requestTimeout(Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("requestTimeout must be positive");
        }

        @ParameterizedTest
        @ValueSource(strings = {"Authorization", "if-none-match", "If-Modified-Since", "Accept-Encoding",
                "Last-Event-ID"})
        void aHeaderTheClientSetsItselfIsRefused(String name) {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("http://localhost/flags")).header(name, "x"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + name + "'")
                    .hasMessageContaining("set by the client itself");
        }

        @Test
        void theAuthorizationHeaderPointsToBearerToken() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("http://localhost/flags"))
                    .header("Authorization", "Bearer x"))
                    .hasMessageContaining("use bearerToken(...)");
        }

        @Test
        void aNullUrlIsRefusedByName() {
            assertThatThrownBy(() -> HttpFlagSource.builder(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("url");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A healthy source on revision 1 ("blue") with short intervals. */
    private HttpFlagSource.Builder source() {
        return source(URI.create(store.baseUrl() + FLAGS));
    }

    private static HttpFlagSource.Builder source(URI url) {
        return HttpFlagSource.builder(url)
                .timing(Timebase.SYSTEM, FAST_RETRIES)
                .pollInterval(Duration.ofMillis(200))
                .startupWait(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofMillis(500))
                .requestTimeout(Duration.ofMillis(500));
    }

    /** Advances virtual time a millisecond at a time until the condition holds (at most a virtual minute). */
    private static void advanceUntil(VirtualTime time, Callable<Boolean> condition) {
        for (int i = 0; i < 60_000; i++) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            time.advance(Duration.ofMillis(1));
        }
        throw new AssertionError("not within a virtual minute");
    }

    private FeatureFlags healthyClient(HttpFlagSource.Builder builder) {
        return healthyClient(builder.build());
    }

    private FeatureFlags healthyClient(HttpFlagSource source) {
        FeatureFlags flags = FeatureFlags.builder().source(source).build();
        opened.add(flags);
        await().atMost(WAIT).until(() -> flags.status().state() == State.READY);
        return flags;
    }

    private void assertKeepsRevisionOneAndReports(FeatureFlags flags, String... cause) {
        await().atMost(WAIT).untilAsserted(() -> {
            FlagsStatus status = flags.status();
            assertThat(status.state()).isEqualTo(State.STALE);
            assertThat(status.lastError()).contains(cause);
        });
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        assertThat(flags.status().revision()).isEqualTo(1L);
    }

    /** The store's healthy answer from now on: this revision with an ETag. */
    private void serve(long revision, String color) {
        store.stubFor(get(urlPathEqualTo(FLAGS)).willReturn(okDocument(revision, color)));
    }

    /** Every document request fails this way until the returned stub is removed. */
    private StubMapping failWith(ResponseDefinitionBuilder response) {
        return store.stubFor(get(urlPathEqualTo(FLAGS)).atPriority(FAILURE).willReturn(response));
    }

    private static ResponseDefinitionBuilder okDocument(long revision, String color) {
        return aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("ETag", "\"r" + revision + "\"")
                .withBody(document(revision, color, 0));
    }

    /**
     * The store's healthy answer from now on: this revision with a Last-Modified date and no ETag, and a 304 to a
     * request that sends that date back. Returns the 304's stub, to remove when the document changes.
     */
    private StubMapping serveWithLastModified(long revision, String color, String lastModified) {
        store.stubFor(get(urlPathEqualTo(FLAGS)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Last-Modified", lastModified)
                .withHeader("Date", SUNDAY)
                .withBody(document(revision, color, 0))));
        return store.stubFor(get(urlPathEqualTo(FLAGS)).withHeader("If-Modified-Since", equalTo(lastModified))
                .atPriority(NOT_MODIFIED).willReturn(aResponse().withStatus(304)));
    }

    private static ResponseDefinitionBuilder eventStream(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    /** A JSON document whose flag "color" serves this color, padded with a description of that many characters. */
    static String document(long revision, String color, int padding) {
        return "{\"revision\": " + revision + ", \"flags\": {\"color\": {"
                + (padding > 0 ? "\"description\": \"" + "x".repeat(padding) + "\", " : "")
                + "\"variants\": {\"c\": \"" + color + "\"}, \"default\": {\"serve\": \"c\"}}}}";
    }

    private List<LoggedRequest> documentRequests() {
        return sorted(store.findAll(getRequestedFor(urlPathEqualTo(FLAGS))));
    }

    /** The document requests that carried this header with exactly this value. */
    private List<LoggedRequest> documentRequestsWith(String header, String value) {
        return store.findAll(getRequestedFor(urlPathEqualTo(FLAGS)).withHeader(header, equalTo(value)));
    }

    /** The document requests the store answered with this status, in order. */
    private List<LoggedRequest> documentRequestsAnswered(int status) {
        return sorted(store.getAllServeEvents().stream()
                .filter(event -> event.getResponse().getStatus() == status)
                .map(ServeEvent::getRequest)
                .filter(request -> URI.create(request.getUrl()).getPath().equals(FLAGS))
                .toList());
    }

    private List<LoggedRequest> streamRequests() {
        return sorted(store.findAll(getRequestedFor(urlPathEqualTo(STREAM))));
    }

    private static String streamDetail(FeatureFlags flags) {
        return flags.status().sources().get(0).details().get("stream");
    }

    private static long liveThreadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals(name))
                .count();
    }

    private static List<String> startedSince(List<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> name.startsWith("flags-") || name.startsWith("HttpClient-"))
                .toList();
    }

    private static List<LoggedRequest> sorted(List<LoggedRequest> requests) {
        List<LoggedRequest> copy = new ArrayList<>(requests);
        copy.sort(Comparator.comparing(LoggedRequest::getLoggedDate));
        return copy;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A way for the store to fail, and what the client's report of it says. */
    private record Failure(ResponseDefinitionBuilder response, String says) {
    }

    /** Records every failure message with its cause chain, messages and stack traces, to search for secrets. */
    private static final class RecordingListener implements FlagSource.Listener {
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public boolean onDocument(String document) {
            return true;
        }

        @Override
        public void onUnchanged() {
        }

        @Override
        public void onFailure(String message, Throwable cause) {
            StringBuilder text = new StringBuilder(message);
            if (cause != null) {
                StringWriter trace = new StringWriter();
                cause.printStackTrace(new PrintWriter(trace));
                text.append('\n').append(trace);
            }
            failures.add(text.toString());
        }
    }
}
