package dev.flags.remote.internal;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Time as a remote source sees it: the monotonic and wall clocks, waiting, and work scheduled for later.
 * {@link #SYSTEM} in production; tests put a virtual one in its place, so that back-off, heartbeats and
 * Retry-After run in milliseconds of real time.
 */
public interface Timebase {

    /** The system's clocks, {@code Thread.sleep} and a single-thread scheduled executor. */
    Timebase SYSTEM = new Timebase() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public Clock clock() {
            return Clock.systemUTC();
        }

        @Override
        public void sleep(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        @Override
        public ScheduledExecutorService scheduler(ThreadFactory threads) {
            return Executors.newSingleThreadScheduledExecutor(threads);
        }
    };

    /** As {@link System#nanoTime()}: for intervals only. */
    long nanoTime();

    /** The wall clock, for HTTP dates and the circuit breaker. */
    Clock clock();

    /** Waits this long; the stream reader's back-off. */
    void sleep(long millis) throws InterruptedException;

    /** A single-thread scheduler running its tasks on a thread of this factory. */
    ScheduledExecutorService scheduler(ThreadFactory threads);
}
