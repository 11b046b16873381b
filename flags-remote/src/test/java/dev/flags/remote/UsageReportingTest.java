package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.flags.FlagSource;
import dev.flags.UsageCounts;
import dev.flags.UsageReport;
import dev.flags.testsupport.CapturedStderr;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The usage reporter against a flag server's routes on loopback ({@link UsageServer}), on virtual time, fed by a
 * client's counts that the test chooses ({@link Counts}).
 */
class UsageReportingTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration EVERY = Duration.ofSeconds(10);
    private static final String TOKEN = "s3cr3t-token-value";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Instant T0 = Instant.parse("2026-12-07T05:00:00Z");

    private final VirtualTime time = new VirtualTime(T0);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aReportIsTheContractsJsonGzippedWithTheSourcesCredentials() throws Exception {
        UsageServer server = server();
        Counts counts = new Counts();
        counts.next(report(T0, T0.plus(EVERY),
                List.of(new UsageReport.Flag("new-checkout", 41L, List.of(
                        new UsageReport.Variant("on", 120, Map.of("error", 3L)),
                        new UsageReport.Variant("off", 118, Map.of())))),
                List.of(new UsageReport.Trip("new-checkout", 41L, "error on 'on' 12/235 vs 3/710", T0.plusSeconds(7)))));
        HttpFlagSource source = start(builder(server).app("checkout").header("X-Team", "payments"), counts);

        time.advance(EVERY);
        await().atMost(WAIT).until(() -> outcome(source).startsWith("HTTP 202"));

        assertThat(counts.countingAll).isTrue();
        assertThat(server.posts()).hasSize(1);
        UsageServer.Post post = server.posts().get(0);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(post.header("X-Team")).isEqualTo("payments");
        assertThat(post.header("Content-Type")).isEqualTo("application/json");
        assertThat(post.header("Content-Encoding")).isEqualTo("gzip");
        JsonNode body = JSON.readTree(post.json());
        assertThat(body.get("instance").asString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(body).isEqualTo(JSON.readTree("""
                {"instance": "%s", "app": "checkout", "from": "2026-12-07T05:00:00Z", "to": "2026-12-07T05:00:10Z",
                 "flags": [{"key": "new-checkout", "since": 41,
                            "variants": [{"name": "on", "evaluations": 120, "events": {"error": 3}},
                                         {"name": "off", "evaluations": 118, "events": {}}]}],
                 "trips": [{"flag": "new-checkout", "since": 41, "summary": "error on 'on' 12/235 vs 3/710",
                            "at": "2026-12-07T05:00:07Z"}]}
                """.formatted(body.get("instance").asString())));
        assertThat(outcome(source)).matches("HTTP 202 at 2026-12-07T05:00:\\S+Z \\(1 flags\\)");
        assertThat(source.details()).containsEntry("usageDropped", "0");
    }

    @Test
    void reportsComeOncePerIntervalWithTheSameInstanceAndNoneWhenNothingWasCounted() throws Exception {
        UsageServer server = server();
        Counts counts = new Counts();
        HttpFlagSource source = start(builder(server), counts);

        for (int interval = 1; interval <= 3; interval++) {
            counts.next(oneFlag(interval));
            time.advance(EVERY);
            int expected = interval;
            await().atMost(WAIT).until(() -> server.posts().size() == expected && outcome(source).startsWith("HTTP"));
        }
        time.advance(EVERY); // nothing counted: nothing sent

        assertThat(counts.drains.get()).isEqualTo(4);
        assertThat(server.posts()).hasSize(3);
        assertThat(server.posts().stream().map(post -> JSON.readTree(post.json()).get("instance")).distinct())
                .hasSize(1);
        assertThat(server.posts().stream().map(post -> JSON.readTree(post.json()).at("/flags/0/variants/0/evaluations")
                .asLong())).containsExactly(1L, 2L, 3L);
    }

    @Test
    void theFirstReportComesWithinOneIntervalAndNotBeforeHalfOfOne() throws Exception {
        UsageServer server = server();
        Counts counts = new Counts();
        counts.next(oneFlag(1));
        start(builder(server), counts);

        time.advance(EVERY.dividedBy(2).minusMillis(1));
        assertThat(counts.drains.get()).isZero();
        time.advance(EVERY.dividedBy(2).plusMillis(1));
        assertThat(counts.drains.get()).isOne();
    }

    @Test
    void aServerThatAnswersWithAnErrorDropsEachReportCountsItAndTheFlagsKeepSyncing() throws Exception {
        UsageServer server = server();
        server.status = 503;
        Counts counts = new Counts();
        Recording listener = new Recording(counts);
        HttpFlagSource source = start(builder(server).pollInterval(Duration.ofSeconds(1)), listener);

        for (int interval = 1; interval <= 3; interval++) {
            counts.next(oneFlag(interval));
            time.advance(EVERY);
            String dropped = Integer.toString(interval);
            await().atMost(WAIT).until(() -> dropped.equals(source.details().get("usageDropped")));
        }

        assertThat(outcome(source)).matches("dropped at 2026-12-07T05:00:\\S+Z: the server answered HTTP 503");
        assertThat(server.posts()).hasSize(3);
        assertThat(listener.failures).isEmpty();
        assertThat(server.documentRequests()).isGreaterThan(20);
    }

    @Test
    void aServerThatCannotBeReachedDropsTheReportAndSaysWhere() throws Exception {
        UsageServer server = server();
        server.hangUp = true;
        Counts counts = new Counts();
        HttpFlagSource source = start(builder(server), counts);

        counts.next(oneFlag(1));
        time.advance(EVERY);
        await().atMost(WAIT).until(() -> "1".equals(source.details().get("usageDropped")));

        assertThat(outcome(source)).matches("dropped at 2026-12-07T05:00:\\S+Z: cannot reach the server: .*")
                .contains("127.0.0.1:" + server.documentUrl().getPort())
                .doesNotContain(TOKEN);
    }

    @Test
    void retryAfterHoldsTheNextReportsBackAndTheirCountsWait() throws Exception {
        UsageServer server = server();
        server.status = 429;
        server.retryAfter = "60";
        Counts counts = new Counts();
        HttpFlagSource source = start(builder(server), counts);
        counts.next(oneFlag(1));
        time.advance(EVERY);
        await().atMost(WAIT).until(() -> "1".equals(source.details().get("usageDropped")));
        server.status = 202;

        // The answer came at 5 to 10 s: no report before 65 to 70 s.
        time.advance(Duration.ofSeconds(50), Duration.ofSeconds(1));
        assertThat(counts.drains.get()).as("drains within Retry-After: 60").isOne();
        time.advance(Duration.ofSeconds(20), Duration.ofSeconds(1));
        assertThat(counts.drains.get()).as("drains after it").isGreaterThan(1);
    }

    @Test
    void refusedCredentialsStopTheReportingOnceAndLoggedOnceButNotTheSyncing() throws Exception {
        UsageServer server = server();
        server.status = 403;
        Counts counts = new Counts();
        Recording listener = new Recording(counts);
        String logged;
        try (CapturedStderr log = new CapturedStderr()) {
            HttpFlagSource source = start(builder(server).pollInterval(Duration.ofSeconds(1)), listener);
            counts.next(oneFlag(1));
            time.advance(EVERY);
            await().atMost(WAIT).until(() -> outcome(source).startsWith("refused"));
            int documents = server.documentRequests();

            for (int interval = 2; interval <= 6; interval++) {
                counts.next(oneFlag(interval));
                time.advance(EVERY, Duration.ofSeconds(1));
            }

            assertThat(server.posts()).hasSize(1);
            assertThat(counts.drains.get()).isOne();
            assertThat(outcome(source)).startsWith("refused the credentials (HTTP 403) at 2026-12-07T05:00:")
                    .endsWith("; not reporting again until reconfigured");
            assertThat(server.documentRequests()).isGreaterThanOrEqualTo(documents + 40);
            assertThat(listener.failures).isEmpty();
            logged = log.text();
        }
        assertThat(logged.lines().filter(line -> line.contains("WARN") && line.contains("usage"))).hasSize(1);
        assertThat(logged).contains("HTTP 403").doesNotContain(TOKEN);
    }

    @Test
    void aReportOnItsWayHoldsTheNextBackAndItsCountsWaitInTheClient() throws Exception {
        UsageServer server = server();
        Counts counts = new Counts();
        HttpFlagSource source = start(builder(server), counts);
        server.holdNextReport();
        counts.next(oneFlag(1));
        time.advance(EVERY);
        await().atMost(WAIT).until(() -> server.posts().size() == 1);

        time.advance(EVERY.multipliedBy(3), Duration.ofSeconds(1));
        assertThat(counts.drains.get()).as("drains while the first report is on its way").isOne();
        server.release();
        await().atMost(WAIT).until(() -> outcome(source).startsWith("HTTP 202"));
        counts.next(oneFlag(2));
        time.advance(EVERY);

        await().atMost(WAIT).until(() -> server.posts().size() == 2);
        assertThat(counts.drains.get()).isEqualTo(2);
        assertThat(source.details()).containsEntry("usageDropped", "0");
    }

    @Test
    void closeSendsWhatWasCountedSinceTheLastReportAndEndsEveryThread() throws Exception {
        List<Thread> before = List.copyOf(Thread.getAllStackTraces().keySet());
        UsageServer server = server();
        Counts counts = new Counts();
        HttpFlagSource source = start(builder(server), counts);
        counts.next(oneFlag(7));
        time.advance(Duration.ofSeconds(1)); // before the first report

        source.close();

        assertThat(server.posts()).hasSize(1);
        assertThat(JSON.readTree(server.posts().get(0).json()).at("/flags/0/variants/0/evaluations").asLong())
                .isEqualTo(7);
        // As HttpFlagSourceWireMockTest.closeEndsEveryThreadTheSourceStarted: the JDK client's own thread ends at
        // close() from Java 21 on, and on 17 once the JDK lets go of the client, which it does not promise at once.
        boolean jdkClientCloses = Runtime.version().feature() >= 21;
        await().atMost(WAIT).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread))
                .map(Thread::getName)
                .filter(name -> name.startsWith("flags-") || jdkClientCloses && name.startsWith("HttpClient-")))
                .isEmpty());
    }

    @Test
    void closeWaitsForAServerThatNeverAnswersOnlyAWhile() throws Exception {
        UsageServer server = server();
        Counts counts = new Counts();
        HttpFlagSource source = start(builder(server).requestTimeout(Duration.ofMinutes(1)), counts);
        server.holdNextReport();
        counts.next(oneFlag(1));

        assertTimeoutPreemptively(WAIT, source::close); // USAGE_CLOSE_WAIT, 2 s
        assertThat(server.posts()).hasSize(1);
    }

    @Nested
    class BuilderValidation {

        @Test
        void usageReportingNeedsAFlagServersDocumentUrl() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("https://cdn.example.com/flags.json?sig=x"))
                    .usageReporting())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(".../v1/envs/{env}/document")
                    .hasMessageContaining("https://cdn.example.com/flags.json")
                    .hasMessageNotContaining("sig=x");
        }

        @Test
        void aZeroIntervalIsRefusedByName() {
            assertThatThrownBy(() -> HttpFlagSource.builder(URI.create("http://localhost/v1/envs/dev/document"))
                    .usageReporting(Duration.ZERO))
                    .hasMessageContaining("usageReporting interval must be positive");
        }

        @Test
        void anAppNameMustFitTheServersLimit() {
            HttpFlagSource.Builder builder = HttpFlagSource.builder(URI.create("http://localhost/v1/envs/dev/document"));
            assertThatThrownBy(() -> builder.app(" ")).hasMessageContaining("not blank");
            assertThatThrownBy(() -> builder.app("x".repeat(201))).hasMessageContaining("not 201 characters long");
            assertThatThrownBy(() -> builder.app("a\nb")).hasMessageContaining("control characters");
        }

        @Test
        void theSettingsSayWhetherUsageIsReportedAndForWhichApp() {
            assertThat(HttpFlagSource.builder(URI.create("http://localhost/v1/envs/dev/document")).app("checkout")
                    .usageReporting().bearerToken(TOKEN).build().toString())
                    .contains("usageReporting=every PT10S", "app=checkout")
                    .doesNotContain(TOKEN);
        }
    }

    // ---------------------------------------------------------------- helpers

    private UsageServer server() throws Exception {
        UsageServer server = new UsageServer();
        opened.add(server);
        return server;
    }

    private HttpFlagSource.Builder builder(UsageServer server) {
        return HttpFlagSource.builder(server.documentUrl())
                .bearerToken(TOKEN)
                .pollInterval(Duration.ofSeconds(30))
                .usageReporting(EVERY)
                .timing(time, VirtualTime.BACKOFF);
    }

    private HttpFlagSource start(HttpFlagSource.Builder builder, Counts counts) {
        return start(builder, new Recording(counts));
    }

    private HttpFlagSource start(HttpFlagSource.Builder builder, Recording listener) {
        HttpFlagSource source = builder.build();
        opened.add(source);
        source.start(listener);
        return source;
    }

    private static String outcome(HttpFlagSource source) {
        return source.details().get("usage");
    }

    private static UsageReport report(Instant from, Instant to, List<UsageReport.Flag> flags,
            List<UsageReport.Trip> trips) {
        return new UsageReport(from, to, flags, trips);
    }

    /** One flag whose variant "on" was served this many times. */
    private static UsageReport oneFlag(long evaluations) {
        return report(T0, T0.plus(EVERY), List.of(new UsageReport.Flag("new-checkout", 1L,
                List.of(new UsageReport.Variant("on", evaluations, Map.of())))), List.of());
    }

    /** A client's counts whose drains hand out the reports the test queued, then empty ones. */
    static final class Counts implements UsageCounts {
        final AtomicInteger drains = new AtomicInteger();
        final AtomicBoolean countingAll = new AtomicBoolean();
        private final ConcurrentLinkedQueue<UsageReport> queued = new ConcurrentLinkedQueue<>();

        void next(UsageReport report) {
            queued.add(report);
        }

        @Override
        public void countAll() {
            countingAll.set(true);
        }

        @Override
        public UsageReport drain() {
            drains.incrementAndGet();
            UsageReport next = queued.poll();
            return next != null ? next : report(T0, T0, List.of(), List.of());
        }
    }

    /** A client that takes every document and records what the source says went wrong. */
    private static final class Recording implements FlagSource.Listener {
        final List<String> failures = new CopyOnWriteArrayList<>();
        private final Counts counts;

        Recording(Counts counts) {
            this.counts = counts;
        }

        @Override
        public boolean onDocument(String document) {
            return true;
        }

        @Override
        public void onUnchanged() {
        }

        @Override
        public void onFailure(String message, Throwable cause) {
            failures.add(message);
        }

        @Override
        public UsageCounts usage() {
            return counts;
        }
    }
}
