package dev.flags.remote;

import dev.flags.remote.internal.Backoff;
import dev.flags.remote.internal.Timebase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * A virtual time for a remote source: its clocks stand still, and nothing scheduled runs and no back-off wait ends,
 * until the test {@link #advance advances} it. Scheduled tasks run on the source's own scheduler thread, as in
 * production, one at a time, each at its virtual time; a back-off of minutes passes in milliseconds.
 */
final class VirtualTime implements Timebase {

    /**
     * Fetch attempts 1 ms apart (Resilience4j's retry waits in real time), and reconnects of the event stream a
     * virtual second apart.
     */
    static final Backoff BACKOFF = new Backoff(attempt -> 1L, attempt -> 1_000L);

    private final Object lock = new Object();
    private final Instant start;
    private final List<Scheduler> schedulers = new CopyOnWriteArrayList<>();
    /** Guarded by lock. */
    private long now;
    private long sequence;
    private int sleepers;

    VirtualTime(Instant start) {
        this.start = start;
    }

    VirtualTime() {
        this(Instant.parse("2026-12-04T09:00:00Z"));
    }

    @Override
    public long nanoTime() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return VirtualTime.this.instant();
            }
        };
    }

    Instant instant() {
        return start.plusNanos(nanoTime());
    }

    @Override
    public void sleep(long millis) throws InterruptedException {
        synchronized (lock) {
            long until = now + TimeUnit.MILLISECONDS.toNanos(millis);
            sleepers++;
            try {
                while (now < until) {
                    lock.wait();
                }
            } finally {
                sleepers--;
            }
        }
    }

    @Override
    public ScheduledExecutorService scheduler(ThreadFactory threads) {
        Scheduler scheduler = new Scheduler(threads);
        schedulers.add(scheduler);
        return scheduler;
    }

    /**
     * Moves time forward by this much. Each task that falls due meanwhile runs at its time, and time moves on only
     * once it (and everything due by then) has run; sleeping threads wake as their time passes.
     */
    void advance(Duration duration) {
        long target;
        synchronized (lock) {
            target = now + duration.toNanos();
        }
        synchronized (lock) {
            while (true) {
                awaitIdle(); // a task still running may be about to schedule its successor
                long next = target;
                for (Scheduler scheduler : schedulers) {
                    next = Math.min(next, scheduler.nextDue());
                }
                now = Math.max(now, next);
                lock.notifyAll();
                awaitIdle();
                if (now >= target) {
                    return;
                }
            }
        }
    }

    /** Guarded by lock. */
    private void awaitIdle() {
        try {
            while (schedulers.stream().anyMatch(Scheduler::busy)) {
                lock.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Moves time forward without waiting for what falls due: for a test whose scheduler is held up (a fetch in
     * flight) while another thread must wake.
     */
    void jump(Duration duration) {
        synchronized (lock) {
            now += duration.toNanos();
            lock.notifyAll();
        }
    }

    /** How many threads are waiting in {@link #sleep}. */
    int sleepers() {
        synchronized (lock) {
            return sleepers;
        }
    }

    /** No scheduled task is running or due. */
    boolean idle() {
        synchronized (lock) {
            return schedulers.stream().noneMatch(Scheduler::busy);
        }
    }

    /** Advances in steps of {@code step} until {@code total} has passed, so that threads woken on the way act. */
    void advance(Duration total, Duration step) {
        for (Duration passed = Duration.ZERO; passed.compareTo(total) < 0; passed = passed.plus(step)) {
            advance(step);
        }
    }

    /** A single-thread scheduler on virtual time. */
    private final class Scheduler extends AbstractExecutorService implements ScheduledExecutorService {
        /** Guarded by lock. */
        private final PriorityQueue<Task> queue = new PriorityQueue<>();
        private final Thread thread;
        private boolean shutdown;
        private boolean running;

        Scheduler(ThreadFactory threads) {
            thread = threads.newThread(this::work);
            thread.start();
        }

        /** Guarded by lock: the due time of the next task, or Long.MAX_VALUE. */
        long nextDue() {
            Task next = queue.peek();
            return next == null || shutdown ? Long.MAX_VALUE : next.due;
        }

        /** Guarded by lock: a task is due now or running. */
        boolean busy() {
            return !shutdown && thread.isAlive() && (running || nextDue() <= now);
        }

        private void work() {
            while (true) {
                Task task;
                synchronized (lock) {
                    try {
                        while (!shutdown && nextDue() > now) {
                            lock.wait();
                        }
                    } catch (InterruptedException e) {
                        if (shutdown) {
                            lock.notifyAll();
                            return;
                        }
                        continue;
                    }
                    if (shutdown) {
                        lock.notifyAll();
                        return;
                    }
                    task = queue.poll();
                    running = true;
                }
                try {
                    if (task.period > 0) {
                        task.runAndReset();
                    } else {
                        task.run();
                    }
                } finally {
                    synchronized (lock) {
                        running = false;
                        if (task.period > 0 && !task.isCancelled() && !shutdown) {
                            task.due = now + task.period;
                            queue.add(task);
                        }
                        lock.notifyAll();
                    }
                }
            }
        }

        private Task add(Task task) {
            synchronized (lock) {
                if (shutdown) {
                    throw new java.util.concurrent.RejectedExecutionException("shut down");
                }
                queue.add(task);
                lock.notifyAll();
            }
            return task;
        }

        private long due(long delay, TimeUnit unit) {
            synchronized (lock) {
                return now + Math.max(0, unit.toNanos(delay));
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            return add(new Task(Executors.callable(command), due(delay, unit), 0));
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return scheduleWithFixedDelay(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            return add(new Task(Executors.callable(command), due(initialDelay, unit), unit.toNanos(delay)));
        }

        @Override
        public void execute(Runnable command) {
            schedule(command, 0, TimeUnit.NANOSECONDS);
        }

        @Override
        public void shutdown() {
            synchronized (lock) {
                shutdown = true;
                lock.notifyAll();
            }
        }

        @Override
        public List<Runnable> shutdownNow() {
            List<Runnable> pending;
            synchronized (lock) {
                shutdown = true;
                pending = new ArrayList<>(queue);
                queue.clear();
                lock.notifyAll();
            }
            thread.interrupt();
            return pending;
        }

        @Override
        public boolean isShutdown() {
            synchronized (lock) {
                return shutdown;
            }
        }

        @Override
        public boolean isTerminated() {
            return isShutdown() && !thread.isAlive();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            thread.join(Math.max(1, unit.toMillis(timeout)));
            return !thread.isAlive();
        }
    }

    private final class Task extends FutureTask<Object> implements ScheduledFuture<Object> {
        final long period;
        final long order;
        long due;

        Task(Callable<Object> callable, long due, long period) {
            super(callable);
            this.due = due;
            this.period = period;
            synchronized (lock) {
                this.order = sequence++;
            }
        }

        @Override
        public boolean runAndReset() {
            return super.runAndReset();
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task task = (Task) other;
            return due != task.due ? Long.compare(due, task.due) : Long.compare(order, task.order);
        }
    }
}
