package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The HTTP contract of DESIGN.md §9 against a real server on the embedded database. */
class ReadAndWriteIT {

    static TestServer server;

    @BeforeAll
    static void start() {
        server = SharedServer.get();
    }

    @Test
    void theDocumentCarriesItsRevisionAsEtagAndAnswers304ToEitherForm() throws Exception {
        server.create("staging", "etag-flag", "{\"enabled\": true}");
        TestServer.Response plain = server.get("/v1/envs/staging/document");
        long revision = plain.json().get("revision").longValue();
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("ETag")).isEqualTo("\"" + revision + "\"");
        assertThat(plain.header("Content-Type")).startsWith("application/json");
        assertThat(plain.json().get("flags").has("etag-flag")).isTrue();

        HttpResponse<byte[]> gzipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.uri("/v1/envs/staging/document")).header("Authorization", "Bearer " + TestServer.ADMIN)
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("ETag")).contains("W/\"" + revision + "\"");
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                StandardCharsets.UTF_8)).isEqualTo(plain.body());

        assertThat(server.send("GET", "/v1/envs/staging/document", null, TestServer.ADMIN, "If-None-Match",
                "\"" + revision + "\"").status()).isEqualTo(304);
        assertThat(server.send("GET", "/v1/envs/staging/document", null, TestServer.ADMIN, "If-None-Match",
                "W/\"" + revision + "\"").status()).isEqualTo(304);
        assertThat(server.send("GET", "/v1/envs/staging/document", null, TestServer.ADMIN, "If-None-Match",
                "\"" + (revision - 1) + "\"").status()).isEqualTo(200);
    }

    @Test
    void putCreatesWithIfNoneMatchAndReplacesWithIfMatchOnly() {
        TestServer.Response created = server.create("production", "checkout", "{\"description\": \"New\"}");
        assertThat(created.status()).isEqualTo(201);
        long version = created.json().get("version").longValue();
        assertThat(created.json().get("revision").longValue()).isEqualTo(version);

        assertThat(server.create("production", "checkout", "{}").status()).isEqualTo(412);
        String path = "/v1/envs/production/flags/checkout";
        TestServer.Response none = server.send("PUT", path, "{\"definition\": {}}", TestServer.ADMIN);
        assertThat(none.status()).isEqualTo(428);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");

        TestServer.Response stale = server.send("PUT", path, "{\"definition\": {\"enabled\": false}}",
                TestServer.ADMIN, "If-Match", "\"" + (version + 100) + "\"");
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().at("/current/version").longValue()).isEqualTo(version);
        assertThat(stale.json().at("/current/key").stringValue()).isEqualTo("checkout");
        assertThat(stale.json().at("/current/definition/description").stringValue()).isEqualTo("New");

        TestServer.Response replaced = server.send("PUT", path,
                "{\"definition\": {\"description\": \"Newer\"}, \"comment\": \"wording\"}", TestServer.ADMIN,
                "If-Match", "\"" + version + "\"");
        assertThat(replaced.status()).isEqualTo(200);
        long newVersion = replaced.json().get("version").longValue();
        assertThat(newVersion).isGreaterThan(version);

        TestServer.Response flag = server.get(path);
        assertThat(flag.header("ETag")).isEqualTo("\"" + newVersion + "\"");
        assertThat(flag.json().get("version").longValue()).isEqualTo(newVersion);
        assertThat(flag.json().at("/definition/description").stringValue()).isEqualTo("Newer");

        JsonNode history = server.get("/v1/envs/production/revisions?flag=checkout").json();
        assertThat(history.get(0).get("action").stringValue()).isEqualTo("update");
        assertThat(history.get(0).get("comment").stringValue()).isEqualTo("wording");
        assertThat(history.get(0).get("actor").stringValue()).isEqualTo("admin");
        assertThat(history.get(1).get("action").stringValue()).isEqualTo("create");
    }

    @Test
    void anInvalidDefinitionIs422NamingFlagAndFieldAndWritesNothing() {
        long before = server.get("/v1/envs/production/document").json().get("revision").longValue();
        TestServer.Response invalid = server.create("production", "broken",
                "{\"rules\": [{\"when\": [{\"attribute\": \"x\", \"op\": \"bogus\", \"values\": [1]}], \"serve\": \"on\"}]}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.header("Content-Type")).startsWith("application/problem+json");
        JsonNode error = invalid.json().get("errors").get(0);
        assertThat(error.get("flag").stringValue()).isEqualTo("broken");
        assertThat(error.get("field").stringValue()).isEqualTo("rules[0].when[0].op");
        assertThat(error.get("message").stringValue()).contains("bogus");
        assertThat(server.create("production", "bad~key", "{}").status()).isEqualTo(422);
        assertThat(server.get("/v1/envs/production/document").json().get("revision").longValue()).isEqualTo(before);
    }

    @Test
    void killRestoreAndRolloutAreIdempotentIntents() {
        server.create("production", "switch", "{\"enabled\": true}");
        String flag = "/v1/envs/production/flags/switch";
        TestServer.Response kill = server.post(flag + "/kill", "{\"comment\": \"3 a.m.\"}");
        assertThat(kill.status()).isEqualTo(200);
        assertThat(server.post(flag + "/kill", null).json()).isEqualTo(kill.json());
        assertThat(server.get(flag).json().at("/definition/enabled").booleanValue()).isFalse();

        TestServer.Response restore = server.post(flag + "/restore", null);
        assertThat(restore.json().get("revision").longValue()).isGreaterThan(kill.json().get("revision").longValue());
        assertThat(server.get(flag).json().at("/definition/enabled").booleanValue()).isTrue();

        TestServer.Response rollout = server.post(flag + "/rollout", "{\"percent\": 25}");
        assertThat(rollout.status()).isEqualTo(200);
        JsonNode definition = server.get(flag).json().get("definition");
        assertThat(definition.at("/default/rollout/on").intValue()).isEqualTo(25);
        assertThat(definition.at("/default/rollout/off").intValue()).isEqualTo(75);
        assertThat(server.post(flag + "/rollout", "{\"percent\": 101}").status()).isEqualTo(422);
        server.create("production", "colour", "{\"variants\": {\"red\": \"r\", \"blue\": \"b\"}, \"default\": {\"serve\": \"red\"}}");
        assertThat(server.post("/v1/envs/production/flags/colour/rollout", "{\"percent\": 5}").status())
                .isEqualTo(422);
        assertThat(server.post("/v1/envs/production/flags/nothing-here/kill", null).status()).isEqualTo(404);

        JsonNode list = server.get("/v1/envs/production/flags").json();
        JsonNode entry = null;
        for (JsonNode each : list) {
            if (each.get("key").stringValue().equals("switch")) {
                entry = each;
            }
        }
        assertThat(entry.get("version").longValue()).isEqualTo(rollout.json().get("version").longValue());
        assertThat(entry.get("enabled").booleanValue()).isTrue();
    }

    @Test
    void rollbackWritesANewRevisionEqualToTheOldOne() {
        long created = server.create("staging", "rb", "{\"description\": \"one\"}").json().get("revision").longValue();
        server.post("/v1/envs/staging/flags/rb/kill", null);
        TestServer.Response rollback = server.post("/v1/envs/staging/revisions/" + created + "/rollback",
                "{\"comment\": \"undo\"}");
        assertThat(rollback.status()).isEqualTo(200);
        long revision = rollback.json().get("revision").longValue();
        assertThat(revision).isGreaterThan(created + 1);
        JsonNode entry = server.get("/v1/envs/staging/revisions/" + revision).json();
        assertThat(entry.get("action").stringValue()).isEqualTo("rollback");
        assertThat(entry.at("/document/revision").longValue()).isEqualTo(revision);
        assertThat(entry.at("/document/flags")).isEqualTo(
                server.get("/v1/envs/staging/revisions/" + created).json().at("/document/flags"));
        assertThat(server.get("/v1/envs/staging/revisions/99999").status()).isEqualTo(404);
    }

    @Test
    void historyPagesNewestFirst() {
        for (int i = 0; i < 3; i++) {
            server.create("staging", "page-" + i, "{}");
        }
        JsonNode first = server.get("/v1/envs/staging/revisions?limit=2").json();
        assertThat(first).hasSize(2);
        long last = first.get(1).get("revision").longValue();
        JsonNode next = server.get("/v1/envs/staging/revisions?limit=2&before=" + last).json();
        assertThat(next.get(0).get("revision").longValue()).isEqualTo(last - 1);
        assertThat(first.get(0).get("time").stringValue()).endsWith("Z");
    }

    @Test
    void promoteCopiesOneFlagOrAllFromAnotherEnvironment() {
        server.create("staging", "promoted", "{\"description\": \"from staging\"}");
        TestServer.Response dry = server.post("/v1/envs/production/promote?from=staging&flag=promoted&dryRun=true",
                null);
        assertThat(dry.json().get("dryRun").booleanValue()).isTrue();
        assertThat(dry.json().at("/changes/0/flag").stringValue()).isEqualTo("promoted");
        assertThat(server.get("/v1/envs/production/flags/promoted").status()).isEqualTo(404);

        TestServer.Response one = server.post("/v1/envs/production/promote?from=staging&flag=promoted", null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(server.get("/v1/envs/production/flags/promoted").json().at("/definition/description")
                .stringValue()).isEqualTo("from staging");
        assertThat(server.get("/v1/envs/production/revisions?limit=1").json().get(0).get("action").stringValue())
                .isEqualTo("promote");
        assertThat(server.post("/v1/envs/production/promote?from=nowhere", null).status()).isEqualTo(422);
    }

    @Test
    void aDryRunAnswersTheDiffAndWritesNothing() {
        server.create("production", "dry", "{\"enabled\": true}");
        long before = server.get("/v1/envs/production/document").json().get("revision").longValue();
        TestServer.Response dry = server.post("/v1/envs/production/flags/dry/kill?dryRun=true", null);
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.json().at("/changes/0/before/enabled").booleanValue()).isTrue();
        assertThat(dry.json().at("/changes/0/after/enabled").booleanValue()).isFalse();
        assertThat(server.get("/v1/envs/production/document").json().get("revision").longValue()).isEqualTo(before);
        assertThat(server.get("/v1/envs/production/flags/dry").json().at("/definition/enabled").booleanValue())
                .isTrue();
    }

    @Test
    void deleteNeedsIfMatch() {
        long version = server.create("staging", "gone", "{}").json().get("version").longValue();
        String path = "/v1/envs/staging/flags/gone";
        assertThat(server.send("DELETE", path, null, TestServer.ADMIN).status()).isEqualTo(428);
        assertThat(server.send("DELETE", path, null, TestServer.ADMIN, "If-Match", "\"1234\"").status())
                .isEqualTo(412);
        assertThat(server.send("DELETE", path, null, TestServer.ADMIN, "If-Match", "\"" + version + "\"").status())
                .isEqualTo(204);
        assertThat(server.get(path).status()).isEqualTo(404);
    }

    @Test
    void clientErrorsAreProblems() throws IOException {
        String flag = "/v1/envs/production/flags/errs";
        server.create("production", "errs", "{}");
        assertProblem(server.get("/v1/envs/nowhere/document"), 404);
        assertProblem(server.send("PATCH", flag, "{}", TestServer.ADMIN), 405);
        assertProblem(server.send("POST", flag + "/kill", "{", TestServer.ADMIN), 400);
        assertProblem(server.send("POST", flag + "/kill", "x", TestServer.ADMIN, "Content-Type", "text/plain"), 415);
        assertProblem(server.send("POST", flag + "/kill", "{\"comment\": \"" + "x".repeat(1_100_000) + "\"}",
                TestServer.ADMIN), 413);
        assertProblem(server.get("/v1/envs/production/revisions/abc"), 400);
    }

    @Test
    void healthAndMetersAreExposed() {
        server.create("production", "metered", "{}");
        server.post("/v1/envs/production/flags/metered/kill", null);
        JsonNode health = server.send("GET", "/actuator/health", null, null).json();
        assertThat(health.at("/components/db/status").stringValue()).isEqualTo("UP");
        assertThat(health.at("/components/listener/status").stringValue()).isEqualTo("UP");
        assertThat(server.send("GET", "/actuator/metrics/flags.server.writes?tag=action:kill", null, null).json()
                .at("/measurements/0/value").doubleValue()).isGreaterThanOrEqualTo(1);
        assertThat(server.send("GET", "/actuator/metrics/flags.server.revision?tag=environment:production", null,
                null).json().at("/measurements/0/value").doubleValue()).isGreaterThanOrEqualTo(2);
        assertThat(server.send("GET", "/actuator/metrics/flags.server.streams", null, null).status()).isEqualTo(200);
        assertThat(server.send("GET", "/actuator/metrics/http.server.requests", null, null).status()).isEqualTo(200);
    }

    private static void assertProblem(TestServer.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("status").intValue()).isEqualTo(status);
        assertThat(response.json().get("title").isString()).isTrue();
        assertThat(response.json().get("detail").isString()).isTrue();
    }
}
