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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
     * as {@code DateTimeFormatter.RFC_1123_DATE_TIME} does) would send back "7 Dec", not the "07 Dec" received.
     */
    private static final String MONDAY = "Mon, 07 Dec 2026 09:05:03 GMT";
    private static final String TUESDAY = "Tue, 08 Dec 2026 10:00:00 GMT";

    @RegisterExtension
    final WireMockExtension store = WireMockExtension.newInstance()
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
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)));

        failWith(aResponse().withStatus(status).withHeader("Retry-After", "1"));

        assertKeepsRevisionOneAndReports(flags, "retry after 1 s", "HTTP " + status);
        // Several gaps: a client that asks again early on only some of them is caught too. The store logs each
        // request before answering it, so a client that waits out Retry-After leaves gaps of 1000 ms or more
        // (less a millisecond of timestamp rounding and a few of wall-clock slew).
        int gaps = 7;
        List<LoggedRequest> throttled = await().atMost(Duration.ofSeconds(gaps + 10))
                .until(() -> documentRequestsAnswered(status), requests -> requests.size() > gaps);
        for (int i = 1; i <= gaps; i++) {
            long gap = throttled.get(i).getLoggedDate().getTime() - throttled.get(i - 1).getLoggedDate().getTime();
            assertThat(gap).as("milliseconds between throttled request %d and %d (Retry-After: 1)", i - 1, i)
                    .isGreaterThanOrEqualTo(995);
        }
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {401, 403})
    void refusedCredentialsStopThePollingAndSaySo(int status) {
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)));

        failWith(aResponse().withStatus(status));

        assertKeepsRevisionOneAndReports(flags, "HTTP " + status, "not asking again");
        int asked = documentRequests().size();
        await().during(Duration.ofMillis(1500)).atMost(WAIT).until(() -> documentRequests().size() == asked);
        assertThat(flags.status().state()).isEqualTo(State.STALE);
    }

    @Test
    void refusedCredentialsOnTheStreamStopTheStreamAndThePolling() {
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream(": hello\n\n")));
        FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)).streaming(true));
        await().atMost(WAIT).until(() -> !streamRequests().isEmpty());

        // The stream reconnects (its response ended) and is refused; the document endpoint still answers.
        store.stubFor(get(urlPathEqualTo(STREAM)).atPriority(FAILURE).willReturn(aResponse().withStatus(401)));

        // The stream backs off (1 s doubling, +-50% jitter, at most 30 s) after connections that carried no event,
        // and on a busy machine it may have gone several rounds already: allow two waits at the cap. (One full
        // build waited over 30 s here.)
        await().atMost(Duration.ofSeconds(65))
                .untilAsserted(() -> assertThat(flags.status().lastError()).contains("HTTP 401"));

        int asked = documentRequests().size() + streamRequests().size();
        await().during(Duration.ofMillis(1500)).atMost(WAIT)
                .until(() -> documentRequests().size() + streamRequests().size() == asked);
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
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
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "5")));
        FeatureFlags flags = healthyClient(source().streaming(true));
        await().atMost(WAIT).until(() -> !streamRequests().isEmpty());

        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(streamRequests().size()).as("stream requests within 3 s of Retry-After: 5")
                        .isEqualTo(1));
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
    }

    @Test
    void anOverlongRetryFieldDoesNotKillTheStreamReader() {
        store.stubFor(get(urlPathEqualTo(STREAM)).willReturn(eventStream("retry: 99999999999999999999\n\n")));
        healthyClient(source().streaming(true));
        await().atMost(WAIT).until(() -> !streamRequests().isEmpty());

        // The reader outlives a malformed field: it waits to reconnect, it does not die of a NumberFormatException.
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(liveThreadsNamed("flags-remote-stream")).isPositive());
    }

    @Test
    void aStoreWithoutAStreamEndpointIsPolledWithoutAnErrorStorm() {
        // No stub for /flags/stream: WireMock answers 404.
        FeatureFlags flags = healthyClient(source().streaming(true));

        await().during(Duration.ofSeconds(3)).atMost(WAIT)
                .until(() -> flags.status().state() == State.READY && flags.status().lastError() == null);

        assertThat(streamRequests()).hasSizeBetween(1, 2);
        assertThat(documentRequests()).hasSizeGreaterThan(3);
        assertThat(flags.status().sources().get(0).details().get("stream"))
                .startsWith("none: the store answered HTTP 404; polling every");
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
        Duration heartbeat = Duration.ofSeconds(1);
        // The store's retry field (5 s) holds the client off long enough to read what it does while disconnected.
        try (SilentStreamStore silent = new SilentStreamStore(5_000)) {
            FeatureFlags flags = healthyClient(source(silent.url()).streaming(true).heartbeatTimeout(heartbeat));

            // The watchdog notices: the client itself lets go of the connection, and not before the timeout.
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> silent.streams().stream().anyMatch(stream -> stream.droppedNanos != 0));
            SilentStreamStore.Connection first = silent.streams().get(0);
            assertThat(Duration.ofNanos(first.droppedNanos - first.acceptedNanos)).isGreaterThanOrEqualTo(heartbeat);

            // While it is down, polling carries the flags, and status says why the stream is down.
            int polled = silent.documentRequests();
            await().atMost(WAIT).until(() -> silent.documentRequests() >= polled + 2);
            assertThat(silent.streams()).as("stream connections before the retry time has passed").hasSize(1);
            await().during(Duration.ofSeconds(1)).atMost(WAIT)
                    .until(() -> streamDetail(flags), "reconnecting: silent for longer than PT1S"::equals);

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
        serveWithLastModified(1, "blue", MONDAY);
        FeatureFlags flags = healthyClient(source());
        Instant ready = flags.status().lastSync();

        await().atMost(WAIT).until(() -> documentRequestsAnswered(304).size() >= 3);

        assertThat(documentRequests()).filteredOn(request -> request.containsHeader("If-Modified-Since"))
                .hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(request -> assertThat(request.getHeader("If-Modified-Since")).isEqualTo(MONDAY));
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
        store.stubFor(get(urlPathEqualTo(FLAGS)).willReturn(okDocument(1, "blue").withHeader("Last-Modified", MONDAY)));
        healthyClient(source());

        await().atMost(WAIT).until(() -> documentRequestsWith("If-None-Match", "\"r1\"").size() >= 2);

        assertThat(documentRequests())
                .filteredOn(request -> request.containsHeader("If-None-Match")
                        || request.containsHeader("If-Modified-Since"))
                .isNotEmpty()
                .allSatisfy(request -> {
                    assertThat(request.getHeader("If-None-Match")).isEqualTo("\"r1\"");
                    assertThat(request.getHeader("If-Modified-Since")).isEqualTo(MONDAY);
                });
    }

    @Test
    void aChangedDocumentReplacesTheLastModifiedSentBack() {
        StubMapping unchangedSinceMonday = serveWithLastModified(1, "blue", MONDAY);
        FeatureFlags flags = healthyClient(source());
        await().atMost(WAIT).until(() -> !documentRequestsAnswered(304).isEmpty());

        store.removeStub(unchangedSinceMonday);
        serveWithLastModified(2, "green", TUESDAY);
        await().atMost(WAIT).until(() -> flags.getString("color", USER, "none").equals("green"));
        int sentMonday = documentRequestsWith("If-Modified-Since", MONDAY).size();

        // Each of these is answered 304 (the stub matches Tuesday's date only).
        await().atMost(WAIT).until(() -> documentRequestsWith("If-Modified-Since", TUESDAY).size() >= 3);
        assertThat(documentRequestsWith("If-Modified-Since", MONDAY)).as("requests sending Monday's date")
                .hasSize(sentMonday);
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
        String logged;
        try (CapturedStderr log = new CapturedStderr()) {
            FeatureFlags flags = healthyClient(source().pollInterval(Duration.ofMillis(100)));
            failWith(aResponse().withStatus(500));
            await().atMost(WAIT).until(() -> flags.status().state() == State.STALE);

            // Long enough for the breaker to open, half-open, fail its trial calls and open again.
            await().during(Duration.ofSeconds(16)).atMost(Duration.ofSeconds(20))
                    .until(() -> flags.status().state() == State.STALE);
            logged = log.text();
        }
        List<String> warnings = logged.lines().filter(line -> line.contains(" WARN ")).toList();

        assertThat(warnings).as("WARN lines of one 16 s outage").doesNotHaveDuplicates();
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
                .pollInterval(Duration.ofMillis(200))
                .startupWait(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofMillis(500))
                .requestTimeout(Duration.ofMillis(500));
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
