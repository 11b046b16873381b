package dev.flags.server;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The usage scenarios on the embedded H2 database. */
class UsageIT extends UsageScenarios {

    @TempDir
    static Path dir;
    static final MutableClock CLOCK = new MutableClock();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, CLOCK);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
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
