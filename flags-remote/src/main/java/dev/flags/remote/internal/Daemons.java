package dev.flags.remote.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread this module starts: a daemon, named {@code flags-remote-...}, that logs anything that escapes it.
 * (flags-core has a class of the same purpose, but its internals are not for other modules.)
 */
final class Daemons {

    private static final Logger log = LoggerFactory.getLogger(Daemons.class);

    private Daemons() {
    }

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... */
    static ThreadFactory factory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> thread(prefix + "-" + count.incrementAndGet(), runnable);
    }

    /** One thread with this name, not started. */
    static Thread thread(String name, Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((dead, e) -> log.error("Thread {} ended by a failure", dead.getName(), e));
        return thread;
    }
}
