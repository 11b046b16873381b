package dev.flags.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Thread pools of daemon threads named {@code flags-...}, so an application that forgets close() still exits.
 * Their threads start on demand and end after a minute idle. Every task they run catches what it calls into
 * (sources, stores, memberships, listeners), so no thread dies of a callback.
 */
final class Daemons {

    private static final long IDLE_SECONDS = 60;

    private Daemons() {
    }

    /** Up to {@code threads} threads, running tasks in the order submitted when {@code threads} is 1. */
    static ExecutorService pool(String prefix, int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Up to {@code threads} threads that also run delayed tasks. */
    static ScheduledExecutorService scheduledPool(String prefix, int threads) {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, named(prefix));
        pool.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        pool.allowCoreThreadTimeOut(true);
        pool.setRemoveOnCancelPolicy(true);
        return pool;
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
