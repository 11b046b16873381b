package dev.flags.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One server for the test classes that need no server of their own (a start costs seconds on a busy machine). */
final class SharedServer {

    private static TestServer server;

    private SharedServer() {
    }

    static synchronized TestServer get() {
        if (server == null) {
            try {
                Path dir = Files.createTempDirectory("flags-server-shared");
                server = TestServer.start(dir, "--flags.server.heartbeat=200ms");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            TestServer started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-shared-flags-server"));
        }
        return server;
    }
}
