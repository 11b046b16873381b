package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import dev.flags.server.usage.FleetUsage;
import dev.flags.server.usage.UsageLog;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The usage reports, the guards' state and the stale flags, against a real server whose clock the test moves; run
 * on H2 ({@link UsageIT}) and PostgreSQL ({@link UsagePostgresIT}).
 */
abstract class UsageScenarios {

    abstract TestServer server();

    abstract MutableClock clock();

    /** A flag key no other test (nor an earlier run on a shared database) has used. */
    static String unique(String name) {
        return name + "-" + Long.toString(System.nanoTime(), 36);
    }

    static String report(String instance, String flags, String trips) {
        return "{\"instance\": \"" + instance + "\", \"app\": \"checkout\", \"from\": \"2026-12-07T05:00:00Z\","
                + " \"to\": \"2026-12-07T05:00:10Z\", \"flags\": [" + flags + "]"
                + (trips == null ? "" : ", \"trips\": [" + trips + "]") + "}";
    }

    static String flag(String key, Long since, long on, long onErrors, long off, long offErrors) {
        return "{\"key\": \"" + key + "\", \"since\": " + since + ", \"variants\": ["
                + "{\"name\": \"on\", \"evaluations\": " + on + ", \"events\": {\"error\": " + onErrors + "}},"
                + "{\"name\": \"off\", \"evaluations\": " + off + ", \"events\": {\"error\": " + offErrors + "}}]}";
    }

    TestServer.Response post(String env, String body, String token) {
        return server().send("POST", "/v1/envs/" + env + "/usage", body, token);
    }

    TestServer.Response postGzipped(String env, byte[] json, String token) {
        return server().sendBytes("POST", "/v1/envs/" + env + "/usage", gzip(json), token, "Content-Encoding", "gzip");
    }

    String readToken(String environment) {
        TestServer.Response created = server().post("/v1/tokens", "{\"name\": \"" + unique("fleet")
                + "\", \"role\": \"read\", \"environments\": [\"" + environment + "\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("token").stringValue();
    }

    long version(String env, String key) {
        return server().get("/v1/envs/" + env + "/flags/" + key).json().get("version").longValue();
    }

    /** Writes the counts received and judges the guards now, as the server does every second. */
    void flush() {
        server().context.getBean(FleetUsage.class).flush();
    }

    JsonNode stale(String env, String window) {
        flush();
        TestServer.Response answer = server().get("/v1/envs/" + env + "/flags?stale=" + window);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    static JsonNode entry(JsonNode list, String key) {
        for (JsonNode entry : list) {
            if (entry.path("key").stringValue("").equals(key) || entry.path("flag").stringValue("").equals(key)) {
                return entry;
            }
        }
        return null;
    }

    @Test
    void aReadTokenReportsPlainOrGzippedAndTheCountsAreSummed() {
        String key = unique("summed");
        server().create("production", key, "{}");
        String token = readToken("production");
        long since = version("production", key);

        TestServer.Response plain = post("production", report("i-1", flag(key, since, 120, 0, 0, 0), null), token);
        assertThat(plain.status()).as(plain.body()).isEqualTo(202);
        assertThat(plain.json().get("accepted").intValue()).isEqualTo(1);
        byte[] json = report("i-2", flag(key, since, 30, 0, 0, 0), null).getBytes(StandardCharsets.UTF_8);
        TestServer.Response gzipped = postGzipped("production", json, token);
        assertThat(gzipped.status()).as(gzipped.body()).isEqualTo(202);

        JsonNode stale = entry(stale("production", "P1D"), key);
        assertThat(stale.get("stale").stringValue()).isEqualTo("one-variant");
        assertThat(stale.get("variant").stringValue()).isEqualTo("on");
        assertThat(stale.get("evaluations").longValue()).isEqualTo(150);
        assertThat(stale.get("lastEvaluated").stringValue()).isEqualTo(clock().instant().truncatedTo(ChronoUnit.MILLIS).toString());
    }

    @Test
    void manyReportsAtOnceLoseNoCount() throws Exception {
        String key = unique("concurrent");
        server().create("production", key, "{}");
        long since = version("production", key);
        int threads = 16;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<List<Integer>>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String instance = "i-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        statuses.add(post("production", report(instance, flag(key, since, 10, 0, 0, 0), null),
                                TestServer.ADMIN).status());
                    }
                    return statuses;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> statuses : done) {
                assertThat(statuses.get()).containsOnly(202);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(entry(stale("production", "P1D"), key).get("evaluations").longValue())
                .isEqualTo(threads * each * 10L);
    }

    @Test
    void aGzipBombIs413AfterAMegabyte() {
        StringBuilder huge = new StringBuilder("{\"instance\": \"");
        huge.append("a".repeat(64 << 20)).append("\"}");
        byte[] bomb = gzip(huge.toString().getBytes(StandardCharsets.US_ASCII));
        assertThat(bomb.length).isLessThan(100_000);
        TestServer.Response answer = server().sendBytes("POST", "/v1/envs/production/usage", bomb, TestServer.ADMIN,
                "Content-Encoding", "gzip");
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").stringValue()).contains("1048576 bytes");
        TestServer.Response plain = post("production", "{\"instance\": \"" + "a".repeat((1 << 20) + 1) + "\"}",
                TestServer.ADMIN);
        assertThat(plain.status()).isEqualTo(413);
    }

    @Test
    void eachMalformedReportIs400NamingItsField() {
        String ok = flag("some-flag", 1L, 1, 0, 1, 0);
        StringBuilder tooManyFlags = new StringBuilder();
        for (int i = 0; i <= 10_000; i++) {
            tooManyFlags.append(i == 0 ? "" : ",").append("{\"key\": \"f").append(i).append("\", \"variants\": []}");
        }
        StringBuilder tooManyVariants = new StringBuilder();
        for (int i = 0; i <= 64; i++) {
            tooManyVariants.append(i == 0 ? "" : ",").append("{\"name\": \"v").append(i)
                    .append("\", \"evaluations\": 1}");
        }
        StringBuilder tooManyEvents = new StringBuilder();
        for (int i = 0; i <= 16; i++) {
            tooManyEvents.append(i == 0 ? "" : ",").append("\"e").append(i).append("\": 1");
        }
        String[][] cases = {
                {"{\"instance\": ", null},
                {"[1, 2]", null},
                {"{\"from\": \"2026-12-07T05:00:00Z\", \"to\": \"2026-12-07T05:00:10Z\", \"flags\": []}", "instance"},
                {report("i".repeat(201), ok, null), "instance"},
                {report("i-1", ok, null).replace("\"checkout\"", "7"), "app"},
                {report("i-1", ok, null).replace("2026-12-07T05:00:00Z", "yesterday"), "from"},
                {report("i-1", ok, null).replace("2026-12-07T05:00:10Z", "2026-12-07T04:00:00Z"), "to"},
                {report("i-1", ok, null).replace("\"flags\": [" + ok + "]", "\"flags\": {}"), "flags"},
                {report("i-1", tooManyFlags.toString(), null), "flags"},
                {report("i-1", "7", null), "flags[0]"},
                {report("i-1", ok.replace("some-flag", "no spaces"), null), "flags[0].key"},
                {report("i-1", ok.replace("some-flag", "k".repeat(201)), null), "flags[0].key"},
                {report("i-1", ok.replace("\"since\": 1", "\"since\": -1"), null), "flags[0].since"},
                {report("i-1", ok.replace("\"since\": 1", "\"since\": 1.5"), null), "flags[0].since"},
                {report("i-1", "{\"key\": \"k\"}", null), "flags[0].variants"},
                {report("i-1", "{\"key\": \"k\", \"variants\": [" + tooManyVariants + "]}", null),
                        "flags[0].variants"},
                {report("i-1", "{\"key\": \"k\", \"variants\": [{\"evaluations\": 1}]}", null),
                        "flags[0].variants[0].name"},
                {report("i-1", ok.replace("\"evaluations\": 1,", "\"evaluations\": -3,"), null),
                        "flags[0].variants[0].evaluations"},
                {report("i-1", ok.replace("\"evaluations\": 1,", "\"evaluations\": \"many\","), null),
                        "flags[0].variants[0].evaluations"},
                {report("i-1", ok.replace("\"evaluations\": 1,", "\"evaluations\": 99999999999999999999,"), null),
                        "flags[0].variants[0].evaluations"},
                {report("i-1", ok.replace("{\"error\": 0}", "[]"), null), "flags[0].variants[0].events"},
                {report("i-1", ok.replace("{\"error\": 0}", "{" + tooManyEvents + "}"), null),
                        "flags[0].variants[0].events"},
                {report("i-1", ok.replace("{\"error\": 0}", "{\"error\": 0.5}"), null),
                        "flags[0].variants[0].events.error"},
                {report("i-1", ok, "{\"flag\": \"some-flag\", \"at\": \"2026-12-07T05:00:07Z\"}"), "trips[0].summary"},
                {report("i-1", ok, "{\"flag\": \"some-flag\", \"summary\": \"x\", \"at\": 5}"), "trips[0].at"},
                {report("i-1", ok, "{\"flag\": \"\", \"summary\": \"x\", \"at\": \"2026-12-07T05:00:07Z\"}"),
                        "trips[0].flag"},
        };
        for (String[] c : cases) {
            TestServer.Response answer = post("production", c[0], TestServer.ADMIN);
            String what = c[1] + " in " + (c[0].length() > 200 ? c[0].substring(0, 200) + "..." : c[0]);
            assertThat(answer.status()).as(what + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            if (c[1] != null) {
                assertThat(answer.json().at("/errors/0/field").stringValue()).as(what).isEqualTo(c[1]);
                assertThat(answer.json().get("detail").stringValue()).as(what).contains("'" + c[1] + "'");
            }
        }
        TestServer.Response notGzip = server().send("POST", "/v1/envs/production/usage", report("i-1", ok, null),
                TestServer.ADMIN, "Content-Encoding", "gzip");
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.json().get("detail").stringValue()).contains("gzip");
        TestServer.Response brotli = server().send("POST", "/v1/envs/production/usage", report("i-1", ok, null),
                TestServer.ADMIN, "Content-Encoding", "br");
        assertThat(brotli.status()).isEqualTo(415);
    }

    @Test
    void noWrongOrOtherEnvironmentsTokenIsRefusedAndAnUnknownEnvironmentIs404() {
        String body = report("i-1", flag("any-flag", 1L, 1, 0, 0, 0), null);
        TestServer.Response none = post("production", body, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(post("production", body, "fs.nope.nope").status()).isEqualTo(401);
        assertThat(post("production", body, readToken("staging")).status()).isEqualTo(403);
        assertThat(post("nowhere", body, TestServer.ADMIN).status()).isEqualTo(404);
        // a read token may report, and still not write
        String reader = readToken("production");
        assertThat(post("production", body, reader).status()).isEqualTo(202);
        assertThat(server().send("POST", "/v1/envs/production/flags/any-flag/kill", null, reader).status())
                .isEqualTo(403);
    }

    @Test
    void tripsAreKeptOncePerInstanceAndDefinitionAndShownByTheGuardsRoute() {
        String key = unique("tripped");
        server().create("production", key, "{}");
        long since = version("production", key);
        String trip = "{\"flag\": \"" + key + "\", \"since\": " + since + ", \"summary\": \"error on 'on' 12/235"
                + " (5.11%) vs 3/710 (0.42%) on the others: 12.1x\", \"at\": \"2026-12-07T05:00:07Z\"}";
        for (int i = 0; i < 2; i++) {
            assertThat(post("production", report("i-7", flag(key, since, 5, 1, 5, 0), trip), TestServer.ADMIN)
                    .status()).isEqualTo(202);
        }
        flush();
        TestServer.Response guards = server().get("/v1/envs/production/guards");
        assertThat(guards.status()).isEqualTo(200);
        JsonNode state = entry(guards.json(), key);
        assertThat(state.get("enabled").booleanValue()).isTrue();
        assertThat(state.get("trips")).hasSize(1);
        JsonNode kept = state.get("trips").get(0);
        assertThat(kept.get("instance").stringValue()).isEqualTo("i-7");
        assertThat(kept.get("app").stringValue()).isEqualTo("checkout");
        assertThat(kept.get("since").longValue()).isEqualTo(since);
        assertThat(kept.get("summary").stringValue()).startsWith("error on 'on' 12/235");
        assertThat(kept.get("at").stringValue()).isEqualTo("2026-12-07T05:00:07Z");
        // an instance's trip alone does not kill the flag fleet-wide
        assertThat(server().get("/v1/envs/production/flags/" + key).json().at("/definition/enabled").isMissingNode()
                || server().get("/v1/envs/production/flags/" + key).json().at("/definition/enabled").booleanValue())
                .isTrue();
    }

    @Test
    void staleListsFlagsNotEvaluatedInTheWindowAndFlagsServingOneVariant() {
        String never = unique("never");
        String old = unique("old");
        String both = unique("both");
        String onlyOn = unique("only-on");
        for (String key : List.of(never, old, both, onlyOn)) {
            server().create("staging", key, "{\"description\": \"" + key + "\"}");
        }
        java.time.Instant oldTime = clock().instant();
        assertThat(post("staging", report("i-1", flag(old, version("staging", old), 3, 0, 4, 0), null),
                TestServer.ADMIN).status()).isEqualTo(202);
        clock().advance(Duration.ofDays(40));
        String now = flag(both, version("staging", both), 5, 0, 5, 0) + ","
                + flag(onlyOn, version("staging", onlyOn), 9, 0, 0, 0);
        assertThat(post("staging", report("i-1", now, null), TestServer.ADMIN).status()).isEqualTo(202);

        JsonNode stale = stale("staging", "P30D");
        assertThat(entry(stale, never).get("stale").stringValue()).isEqualTo("unevaluated");
        assertThat(entry(stale, never).get("lastEvaluated").isNull()).isTrue();
        assertThat(entry(stale, never).get("description").stringValue()).isEqualTo(never);
        assertThat(entry(stale, old).get("stale").stringValue()).isEqualTo("unevaluated");
        assertThat(entry(stale, old).get("lastEvaluated").stringValue()).isEqualTo(oldTime.truncatedTo(ChronoUnit.MILLIS).toString());
        assertThat(entry(stale, both)).isNull();
        assertThat(entry(stale, onlyOn).get("stale").stringValue()).isEqualTo("one-variant");
        assertThat(entry(stale, onlyOn).get("variant").stringValue()).isEqualTo("on");
        assertThat(entry(stale, onlyOn).get("evaluations").longValue()).isEqualTo(9);
        // over 60 days the old flag served both variants
        assertThat(entry(stale("staging", "P60D"), old)).isNull();
    }

    @Test
    void instanceTripsKeptPerDefinitionAreBounded() {
        String key = unique("trips");
        server().create("staging", key, "{}");
        UsageLog log = server().context.getBean(UsageLog.class);
        Instant now = Instant.now();
        for (int i = 0; i <= UsageLog.MAX_TRIPS_PER_DEFINITION + 5; i++) {
            log.addTrip("staging", "instance-" + i, null, key, 1, "a trip", now, now);
        }
        JdbcTemplate jdbc = server().context.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM guard_trip WHERE flag = ?", Integer.class, key))
                .isEqualTo(UsageLog.MAX_TRIPS_PER_DEFINITION);
    }

    @Test
    void aBadStaleWindowIs400NamingTheParameter() {
        for (String window : List.of("30days", "P0D", "-P1D", "P91D", "P1M")) {
            TestServer.Response answer = server().get("/v1/envs/production/flags?stale=" + window);
            assertThat(answer.status()).as(window).isEqualTo(400);
            assertThat(answer.json().at("/errors/0/field").stringValue()).isEqualTo("stale");
        }
    }

    @Test
    void countsOlderThanTheRetentionArePruned() {
        String key = unique("pruned");
        server().create("staging", key, "{}");
        assertThat(post("staging", report("i-1", flag(key, version("staging", key), 1, 0, 1, 0), null),
                TestServer.ADMIN).status()).isEqualTo(202);
        flush();
        JdbcTemplate jdbc = server().context.getBean(JdbcTemplate.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM usage_count WHERE flag = ?", Integer.class, key))
                .isEqualTo(2);
        clock().advance(Duration.ofDays(92));
        assertThat(post("staging", report("i-1", "", null), TestServer.ADMIN).status()).isEqualTo(202);
        flush();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM usage_count WHERE flag = ?", Integer.class, key))
                .isZero();
        // the last evaluation stays: the flag is listed as unevaluated since then
        assertThat(entry(stale("staging", "P90D"), key).get("lastEvaluated").isNull()).isFalse();
    }

    static final String GUARDED = "{\"default\": {\"rollout\": {\"on\": 50, \"off\": 50}}, \"guard\":"
            + " {\"event\": \"error\", \"variant\": \"on\", \"maxRatio\": 1.5, \"minSamples\": 200}}";

    List<JsonNode> kills(String env, String key) {
        flush();
        List<JsonNode> kills = new ArrayList<>();
        for (JsonNode revision : server().get("/v1/envs/" + env + "/revisions?flag=" + key).json()) {
            if (revision.get("action").stringValue().equals("kill")) {
                kills.add(revision);
            }
        }
        return kills;
    }

    boolean enabled(String env, String key) {
        flush();
        JsonNode enabled = server().get("/v1/envs/" + env + "/flags/" + key).json().at("/definition/enabled");
        return enabled.isMissingNode() || enabled.booleanValue();
    }

    @Test
    void theFleetGuardKillsOnceOnATripleErrorRateSummedOverInstances() {
        String key = unique("regressed");
        assertThat(server().create("production", key, GUARDED).status()).isEqualTo(201);
        long since = version("production", key);
        // one instance's counts are not enough to be sure; three instances' are (1% vs 3%)
        for (int instance = 1; instance <= 2; instance++) {
            post("production", report("i-" + instance, flag(key, since, 500, 15, 500, 5), null), TestServer.ADMIN);
            assertThat(enabled("production", key)).as("after instance " + instance).isTrue();
        }
        for (int instance = 3; instance <= 5; instance++) {
            assertThat(post("production", report("i-" + instance, flag(key, since, 500, 15, 500, 5), null),
                    TestServer.ADMIN).status()).isEqualTo(202);
            flush();
        }
        assertThat(enabled("production", key)).isFalse();
        List<JsonNode> kills = kills("production", key);
        assertThat(kills).hasSize(1);
        assertThat(kills.get(0).get("actor").stringValue()).isEqualTo("guard");
        assertThat(kills.get(0).get("comment").stringValue())
                .startsWith("error on 'on' 45/1500 (3.00%) vs 15/1500 (1.00%) on the others: 3.0x, beyond 1.5x");
        // the stream and the document follow like any write: the kill is the newest revision
        assertThat(server().get("/v1/envs/production/document").json().get("revision").longValue())
                .isEqualTo(kills.get(0).get("revision").longValue());
        JsonNode state = entry(server().get("/v1/envs/production/guards").json(), key);
        assertThat(state.get("enabled").booleanValue()).isFalse();
        assertThat(state.at("/guard/variant").stringValue()).isEqualTo("on");
    }

    @Test
    void theFleetGuardDoesNotTripOnEqualRatesNorOnAnOlderDefinitionsCounts() {
        String key = unique("healthy");
        server().create("production", key, GUARDED);
        long since = version("production", key);
        for (int instance = 1; instance <= 10; instance++) {
            post("production", report("i-" + instance, flag(key, since, 500, 5, 500, 5), null), TestServer.ADMIN);
        }
        // counts of the definition before this one (since < version) are not the guard's
        post("production", report("old", flag(key, since - 1, 100_000, 9_000, 100_000, 10), null), TestServer.ADMIN);
        assertThat(enabled("production", key)).isTrue();
        assertThat(kills("production", key)).isEmpty();
        flush();
        JsonNode state = entry(server().get("/v1/envs/production/guards").json(), key);
        assertThat(state.get("tripped").booleanValue()).isFalse();
        assertThat(state.at("/fleet/on/evaluations").longValue()).isEqualTo(5000);
        assertThat(state.at("/fleet/on/events").longValue()).isEqualTo(50);
        assertThat(state.at("/fleet/off/events").longValue()).isEqualTo(50);
        assertThat(state.get("verdict").stringValue()).contains("not shown beyond 1.5x");
    }

    @Test
    void manyJudgesTrippingAtOnceWriteOneRevision() throws Exception {
        String key = unique("stampede");
        server().create("production", key, GUARDED);
        long since = version("production", key);
        // counts other replicas flushed (1% vs 6%), then as many judges at once as a fleet of replicas would run
        JdbcTemplate jdbc = server().context.getBean(JdbcTemplate.class);
        long day = clock().millis() - Math.floorMod(clock().millis(), 86_400_000L);
        Object[][] rows = {{"on", "", 1000}, {"on", "error", 60}, {"off", "", 1000}, {"off", "error", 10}};
        for (Object[] row : rows) {
            jdbc.update("INSERT INTO usage_count (environment, flag, since_revision, variant, event, day_start, total)"
                    + " VALUES ('production', ?, ?, ?, ?, ?, ?)", key, since, row[0], row[1], day, row[2]);
        }
        FleetUsage usage = server().context.getBean(FleetUsage.class);
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    usage.judge("production", key);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> judged : done) {
                judged.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<JsonNode> kills = kills("production", key);
        assertThat(kills).hasSize(1);
        assertThat(kills.get(0).get("actor").stringValue()).isEqualTo("guard");
        assertThat(enabled("production", key)).isFalse();
    }

    @Test
    void aTripReportedByOneInstanceDoesNotKillTheFlag() {
        String key = unique("one-instance");
        server().create("production", key, GUARDED);
        long since = version("production", key);
        String trip = "{\"flag\": \"" + key + "\", \"since\": " + since + ", \"summary\": \"error on 'on' ...\","
                + " \"at\": \"2026-12-07T05:00:07Z\"}";
        post("production", report("i-1", flag(key, since, 300, 9, 300, 1), trip), TestServer.ADMIN);
        assertThat(enabled("production", key)).isTrue();
        assertThat(entry(server().get("/v1/envs/production/guards").json(), key).get("trips")).hasSize(1);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
