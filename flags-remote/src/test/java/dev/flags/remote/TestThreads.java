package dev.flags.remote;

import java.util.concurrent.ThreadFactory;

/** The test stores' threads: daemons, so that a test that fails before closing its store still lets the JVM end. */
final class TestThreads {

    private TestThreads() {
    }

    static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
