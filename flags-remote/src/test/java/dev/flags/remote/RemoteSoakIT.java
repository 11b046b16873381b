package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagObserver;
import dev.flags.FlagsStatus;
import dev.flags.FlagsStatus.State;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that flaps between up (new revisions every 200 ms, with ETags and a live event stream), down (503,
 * closed connections, bodies cut short), slow (answers after the request timeout, bodies that trickle), garbage,
 * throttling and a stale replica serving older revisions, while 4 threads evaluate without pause.
 *
 * <p>Bounded in time: {@code -Dflags.soak.seconds=60} (the default). Runs only in the {@code soak} profile:
 * {@code ./mvnw -pl flags-remote -am -Psoak verify}. The store's schedule is random; its seed is printed and
 * can be replayed with {@code -Dflags.soak.seed=...}.
 */
class RemoteSoakIT {

    private static final long SECONDS = Long.getLong("flags.soak.seconds", 60);
    private static final long SEED = Long.getLong("flags.soak.seed", System.nanoTime());
    private static final int EVALUATORS = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(400);
    private static final long MIB = 1024 * 1024;

    @Test
    void aFlappingStoreNeverReachesCallersNeverGoesBackAndLeaksNothing(@TempDir Path dir) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        FlappingStore store = new FlappingStore(new Random(SEED));
        LongAdder applied = new LongAdder();
        LongAdder failureStatuses = new LongAdder();
        Evaluators evaluators;
        long threadsAtStart;
        long threadsAtEnd;
        long heapAtStart;
        long heapAtEnd;
        try (store) {
            HttpFlagSource source = HttpFlagSource.builder(store.url())
                    .pollInterval(Duration.ofMillis(150))
                    .streaming(true)
                    .heartbeatTimeout(Duration.ofSeconds(1))
                    .connectTimeout(REQUEST_TIMEOUT)
                    .requestTimeout(REQUEST_TIMEOUT)
                    .startupWait(Duration.ofSeconds(2))
                    .backupFile(dir.resolve("flags.json"))
                    .build();
            FeatureFlags flags = FeatureFlags.builder()
                    .source(source)
                    .observer(new FlagObserver() {
                        @Override
                        public void onStatusChange(FlagsStatus status) {
                            if (status.state() == State.STALE) {
                                failureStatuses.increment();
                            }
                        }
                    })
                    .build();
            try {
                flags.onChange(event -> applied.increment());
                await().atMost(Duration.ofSeconds(10)).until(() -> flags.status().state() == State.READY);

                evaluators = new Evaluators(flags);
                long warmUp = Math.min(5, Math.max(1, SECONDS / 10));
                store.flapFor(Duration.ofSeconds(warmUp));
                threadsAtStart = threads.getThreadCount();
                heapAtStart = heapAfterGc();

                store.flapFor(Duration.ofSeconds(Math.max(1, SECONDS - warmUp)));

                threadsAtEnd = threads.getThreadCount();
                heapAtEnd = heapAfterGc();
                store.settle();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(flags.status().state()).isEqualTo(State.READY);
                    assertThat(flags.getLong("rev", FlagContext.of("probe"), -1)).isEqualTo(store.latest());
                });
                evaluators.stop();
            } finally {
                flags.close();
            }
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(flagsThreads()).isEmpty());
        System.out.printf("soak %d s (seed %d): %,d evaluations, %d documents applied (store published %d), "
                        + "%d failures injected %s, %d stale statuses seen, threads %d -> %d, heap %.1f -> %.1f MiB%n",
                SECONDS, SEED, evaluators.count.sum(), applied.sum(), store.latest(), store.injected(),
                store.injectedByMode(), failureStatuses.sum(), threadsAtStart, threadsAtEnd,
                heapAtStart / (double) MIB, heapAtEnd / (double) MIB);

        assertThat(evaluators.exceptions).as("exceptions that reached a caller").isEmpty();
        assertThat(evaluators.wentBack).as("evaluations that saw an older revision than one already seen").isEmpty();
        assertThat(evaluators.count.sum()).isPositive();
        assertThat(applied.sum()).as("documents applied").isGreaterThan(SECONDS / 4);
        assertThat(store.injected()).as("failures injected").isPositive();
        assertThat(threadsAtEnd).as("live threads, start vs end").isLessThanOrEqualTo(threadsAtStart + 6);
        assertThat(heapAtEnd).as("heap after GC, start vs end")
                .isLessThanOrEqualTo(heapAtStart + Math.max(16 * MIB, heapAtStart / 2));
    }

    private static List<String> flagsThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("flags-")) {
                names.add(thread.getName());
            }
        }
        return names;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Four threads evaluating without pause, each checking that the revision it sees never goes back. */
    private static final class Evaluators {
        final LongAdder count = new LongAdder();
        final Queue<String> exceptions = new ConcurrentLinkedQueue<>();
        final Queue<String> wentBack = new ConcurrentLinkedQueue<>();
        /** The highest revision any evaluation has returned: a later evaluation on any thread must not see less. */
        private final AtomicLong highest = new AtomicLong();
        private final List<Thread> running = new ArrayList<>();
        private volatile boolean stopped;

        Evaluators(FeatureFlags flags) {
            for (int i = 0; i < EVALUATORS; i++) {
                boolean dutch = i % 2 == 0;
                FlagContext context = FlagContext.builder("user-" + i).set("country", dutch ? "NL" : "BE").build();
                Thread thread = new Thread(() -> evaluate(flags, context, dutch), "soak-evaluator-" + i);
                thread.setDaemon(true);
                running.add(thread);
                thread.start();
            }
        }

        /** Dutch contexts match the rule of "checkout" in every revision, so they must always get it on. */
        private void evaluate(FeatureFlags flags, FlagContext context, boolean dutch) {
            long mine = 0;
            long done = 0;
            while (!stopped) {
                try {
                    long before = highest.get();
                    long revision = flags.getLong("rev", context, -1);
                    boolean on = flags.isEnabled("checkout", context);
                    String color = flags.getString("color", context, "none");
                    if (revision < mine || revision < before) {
                        record(wentBack, Thread.currentThread().getName() + " saw revision " + revision
                                + " after " + Math.max(mine, before));
                    }
                    if (revision < 1 || color.equals("none") || dutch && !on) {
                        record(wentBack, Thread.currentThread().getName() + " got defaults at revision " + revision
                                + ": color=" + color + ", checkout=" + on);
                    }
                    mine = Math.max(mine, revision);
                    highest.accumulateAndGet(revision, Math::max);
                } catch (Throwable e) {
                    record(exceptions, Thread.currentThread().getName() + ": " + e);
                }
                if (++done % 10_000 == 0) {
                    count.add(10_000);
                    Thread.yield();
                }
            }
            count.add(done % 10_000);
        }

        private static void record(Queue<String> problems, String problem) {
            if (problems.size() < 20) {
                problems.add(problem);
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            for (Thread thread : running) {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }

    /** How the store answers for a while. */
    private enum Mode {
        UP, DOWN, CLOSED, CUT_SHORT, SLOW, TRICKLE, GARBAGE, INVALID, THROTTLED, STALE_REPLICA
    }

    /**
     * A flag store on loopback that flaps. While up it publishes a new revision every 200 ms and announces it
     * on its event streams; otherwise it fails in the way its current mode says, and cuts its streams.
     */
    private static final class FlappingStore implements AutoCloseable {
        private final Random random;
        private final HttpServer server;
        private final ThreadPoolExecutor handlers =
                (ThreadPoolExecutor) Executors.newFixedThreadPool(16, TestThreads.daemon("soak-store"));
        private final ScheduledExecutorService heartbeats =
                Executors.newSingleThreadScheduledExecutor(TestThreads.daemon("soak-store-heartbeat"));
        private final List<HttpExchange> streams = new CopyOnWriteArrayList<>();
        private final Map<Mode, LongAdder> injected = new EnumMap<>(Mode.class);
        private volatile Mode mode = Mode.UP;
        private volatile long revision = 1;

        FlappingStore(Random random) throws IOException {
            this.random = random;
            for (Mode each : Mode.values()) {
                injected.put(each, new LongAdder());
            }
            handlers.prestartAllCoreThreads();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            server.createContext("/flags", this::handle);
            server.setExecutor(handlers);
            server.start();
            heartbeats.scheduleWithFixedDelay(() -> announce(":\n\n"), 300, 300, TimeUnit.MILLISECONDS);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/flags");
        }

        long latest() {
            return revision;
        }

        long injected() {
            return injected.entrySet().stream().filter(e -> e.getKey() != Mode.UP)
                    .mapToLong(e -> e.getValue().sum()).sum();
        }

        Map<Mode, Long> injectedByMode() {
            Map<Mode, Long> counts = new EnumMap<>(Mode.class);
            injected.forEach((each, count) -> {
                if (each != Mode.UP && count.sum() > 0) {
                    counts.put(each, count.sum());
                }
            });
            return counts;
        }

        /** Up for 1-3 s (publishing), then one failure mode for 0.3-2 s, and again, until the time is up. */
        void flapFor(Duration duration) throws InterruptedException {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                switchTo(Mode.UP);
                long upUntil = Math.min(end, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1000 + random.nextInt(2000)));
                while (System.nanoTime() < upUntil) {
                    publish();
                    TimeUnit.MILLISECONDS.sleep(200);
                }
                Mode[] failures = Mode.values();
                switchTo(failures[1 + random.nextInt(failures.length - 1)]);
                TimeUnit.MILLISECONDS.sleep(Math.max(0, Math.min(TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()),
                        300 + random.nextInt(1700))));
            }
        }

        /** Up for good, with one last revision. */
        void settle() {
            switchTo(Mode.UP);
            publish();
        }

        private void switchTo(Mode next) {
            mode = next;
            if (next != Mode.UP) {
                for (HttpExchange stream : streams) {
                    streams.remove(stream);
                    stream.close();
                }
            }
        }

        private synchronized void publish() {
            long next = ++revision;
            announce("id: " + next + "\nevent: revision\ndata: {\"revision\": " + next + "}\n\n");
        }

        private void announce(String event) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            for (HttpExchange stream : streams) {
                try {
                    OutputStream out = stream.getResponseBody();
                    synchronized (stream) {
                        out.write(bytes);
                        out.flush();
                    }
                } catch (IOException e) {
                    streams.remove(stream);
                    stream.close();
                }
            }
        }

        static String document(long revision) {
            return "{\"revision\": " + revision + ", \"flags\": {"
                    + "\"rev\": {\"variants\": {\"v\": " + revision + "}, \"default\": {\"serve\": \"v\"}},"
                    + "\"checkout\": {\"rules\": [{\"when\": [{\"attribute\": \"country\", \"op\": \"in\","
                    + " \"values\": [\"NL\"]}], \"serve\": \"on\"}], \"default\": {\"rollout\": {\"on\": 50, \"off\": 50}}},"
                    + "\"color\": {\"variants\": {\"a\": \"blue\", \"b\": \"green\"},"
                    + " \"default\": {\"rollout\": {\"a\": 50, \"b\": 50}}}}}";
        }

        private void handle(HttpExchange exchange) throws IOException {
            Mode now = mode;
            injected.get(now).increment();
            boolean stream = exchange.getRequestURI().getPath().endsWith("/stream");
            try {
                if (stream) {
                    stream(exchange, now);
                } else {
                    answer(exchange, now);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
            }
        }

        private void stream(HttpExchange exchange, Mode now) throws IOException {
            if (now != Mode.UP) {
                // A stream answered with a document's content type reads as "no stream here" and is left alone
                // for minutes: keep the stream in play by failing it in the ways a stream can fail.
                fail(exchange, switch (now) {
                    case CLOSED, GARBAGE, THROTTLED -> now;
                    default -> Mode.DOWN;
                });
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            synchronized (exchange) {
                exchange.getResponseBody().write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
            }
            streams.add(exchange);
            if (mode != Mode.UP && streams.remove(exchange)) {
                exchange.close();
            }
        }

        private void answer(HttpExchange exchange, Mode now) throws IOException, InterruptedException {
            switch (now) {
                case UP -> serve(exchange, revision, 0);
                case STALE_REPLICA -> serve(exchange, Math.max(1, revision - 3), 0);
                case SLOW -> {
                    TimeUnit.MILLISECONDS.sleep(REQUEST_TIMEOUT.toMillis() * 2);
                    serve(exchange, revision, 0);
                }
                case TRICKLE -> serve(exchange, revision, 800);
                default -> fail(exchange, now);
            }
        }

        private void serve(HttpExchange exchange, long served, long trickleMillis)
                throws IOException, InterruptedException {
            try (exchange) {
                String etag = "\"r" + served + "\"";
                exchange.getResponseHeaders().set("ETag", etag);
                if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    exchange.sendResponseHeaders(304, -1);
                    return;
                }
                byte[] body = document(served).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                OutputStream out = exchange.getResponseBody();
                if (trickleMillis == 0) {
                    out.write(body);
                    return;
                }
                int pieces = 8;
                int size = (body.length + pieces - 1) / pieces;
                for (int offset = 0; offset < body.length; offset += size) {
                    out.write(body, offset, Math.min(size, body.length - offset));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(trickleMillis / pieces);
                }
            }
        }

        private void fail(HttpExchange exchange, Mode now) throws IOException {
            switch (now) {
                case DOWN, SLOW, TRICKLE, STALE_REPLICA -> {
                    exchange.sendResponseHeaders(random.nextBoolean() ? 503 : 500, -1);
                    exchange.close();
                }
                case THROTTLED -> {
                    exchange.getResponseHeaders().set("Retry-After", "1");
                    exchange.sendResponseHeaders(429, -1);
                    exchange.close();
                }
                // Closing before any response: the client sees the connection end with no answer.
                case CLOSED -> exchange.close();
                case CUT_SHORT -> {
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, 10_000);
                    exchange.getResponseBody().write("{\"revision\": 999999, \"flags\"".getBytes(StandardCharsets.UTF_8));
                    exchange.getResponseBody().flush();
                    exchange.close();
                }
                case GARBAGE -> {
                    byte[] noise = new byte[200 + random.nextInt(2000)];
                    random.nextBytes(noise);
                    boolean asEventStream = exchange.getRequestURI().getPath().endsWith("/stream");
                    exchange.getResponseHeaders().set("Content-Type", asEventStream ? "text/event-stream" : "application/json");
                    exchange.sendResponseHeaders(200, noise.length);
                    exchange.getResponseBody().write(noise);
                    exchange.close();
                }
                case INVALID -> {
                    byte[] body = ("{\"revision\": " + (revision + 1000) + ", \"flags\": {\"rev\": {\"variants\": {\"v\": 0},"
                            + " \"default\": {\"serve\": \"missing-variant\"}}}}").getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                }
                default -> throw new IllegalStateException("not a failure: " + now);
            }
        }

        @Override
        public void close() {
            mode = Mode.DOWN;
            switchTo(Mode.DOWN);
            heartbeats.shutdownNow();
            server.stop(0);
            handlers.shutdownNow();
        }
    }
}
