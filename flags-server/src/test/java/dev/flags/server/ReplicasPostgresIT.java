package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.remote.HttpFlagSource;
import dev.flags.testsupport.PostgresServer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers on one real PostgreSQL (a throwaway one from the local installation, or FLAGS_PG_URL): a client
 * streaming from B follows writes through A; reads go on from memory while the database is down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasPostgresIT {

    @TempDir
    static Path dir;
    static PostgresServer postgres;
    static String unavailable;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        try {
            postgres = PostgresServer.connectOrStart();
        } catch (PostgresServer.Unavailable e) {
            if (PostgresServer.onCi()) {
                throw new IllegalStateException("CI needs PostgreSQL for this test: " + e.getMessage(), e);
            }
            unavailable = e.getMessage();
            return;
        }
        String[] database = {"--spring.datasource.url=" + postgres.url(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password())};
        a = TestServer.start(dir.resolve("a"), database);
        b = TestServer.start(dir.resolve("b"), database);
    }

    @AfterAll
    static void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void aClientStreamingFromBSeesAKillWrittenThroughA() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        try (FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource
                .builder(b.uri("/v1/envs/production/document")).bearerToken(TestServer.ADMIN)
                .pollInterval(Duration.ofHours(1)).streaming(true).build()).build()) {
            FlagContext user = FlagContext.of("user-1");
            assertThat(a.create("production", "replicated", "{\"enabled\": true}").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(20)).until(() -> flags.isEnabled("replicated", user));
            long killed = a.post("/v1/envs/production/flags/replicated/kill", null).json().get("revision")
                    .longValue();
            await().atMost(Duration.ofSeconds(20)).until(() -> !flags.isEnabled("replicated", user));
            assertThat(b.get("/v1/envs/production/document").json().get("revision").longValue()).isEqualTo(killed);
            // the counter row serialises writers across replicas: B's next write follows A's
            long next = b.post("/v1/envs/production/flags/replicated/restore", null).json().get("revision")
                    .longValue();
            assertThat(next).isEqualTo(killed + 1);
        }
    }

    @Test
    @Order(2)
    void aTokenCreatedOnAWorksOnBAndARevocationHoldsThere() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        TestServer.Response created = a.post("/v1/tokens", "{\"name\": \"fleet\", \"role\": \"read\"}");
        String token = created.json().get("token").stringValue();
        await().atMost(Duration.ofSeconds(10)).until(() ->
                b.send("GET", "/v1/envs/production/flags", null, token).status() == 200);
        a.send("DELETE", "/v1/tokens/" + created.json().get("id").stringValue(), null, TestServer.ADMIN);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                b.send("GET", "/v1/envs/production/flags", null, token).status() == 401);
    }

    @Test
    @Order(3)
    void readsGoOnFromMemoryWhileTheDatabaseIsDownAndWritesGet503() throws Exception {
        Assumptions.assumeTrue(unavailable == null, unavailable);
        Assumptions.assumeTrue(postgres.throwaway() != null, "only a throwaway server can be stopped");
        a.create("production", "while-down", "{}");
        String document = a.get("/v1/envs/production/document").body();
        postgres.throwaway().pause();
        try {
            TestServer.Response read = a.get("/v1/envs/production/document");
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body()).isEqualTo(document);
            TestServer.Response write = a.post("/v1/envs/production/flags/while-down/kill", null);
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.header("Content-Type")).startsWith("application/problem+json");
            assertThat(write.json().get("detail").stringValue()).contains("nothing was written");
        } finally {
            postgres.throwaway().resume();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                a.post("/v1/envs/production/flags/while-down/kill", null).status() == 200);
        long revision = a.get("/v1/envs/production/document").json().get("revision").longValue();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                b.get("/v1/envs/production/document").json().get("revision").longValue() == revision);
    }
}
