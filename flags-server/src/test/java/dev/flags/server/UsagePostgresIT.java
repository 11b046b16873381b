package dev.flags.server;

import dev.flags.testsupport.PostgresServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The usage scenarios on a real PostgreSQL (a throwaway one from the local installation, or FLAGS_PG_URL). */
class UsagePostgresIT extends UsageScenarios {

    @TempDir
    static Path dir;
    static final MutableClock CLOCK = new MutableClock();
    static PostgresServer postgres;
    static String unavailable;
    static TestServer server;

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
        server = TestServer.start(dir, CLOCK, "--spring.datasource.url=" + postgres.url(),
                "--spring.datasource.username=" + postgres.user(),
                "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void needsPostgres() {
        Assumptions.assumeTrue(unavailable == null, unavailable);
    }

    @Override
    TestServer server() {
        return server;
    }

    @Override
    MutableClock clock() {
        return CLOCK;
    }
}
