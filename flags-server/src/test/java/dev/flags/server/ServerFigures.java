package dev.flags.server;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.remote.HttpFlagSource;
import dev.flags.testsupport.PostgresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's figures, measured on this machine: propagation from a write to 50 streaming clients (one server;
 * two replicas on a throwaway PostgreSQL when one can be had), and document reads per second. Run with
 * {@code ./mvnw -q -pl flags-server -am test-compile exec:java -Dserver.main=dev.flags.server.ServerFigures
 * -Dserver.classpath=test}.
 */
public final class ServerFigures {

    private static final int CLIENTS = 50;
    private static final int WRITES = 100;

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("flags-server-figures");
        try (TestServer server = TestServer.start(dir.resolve("one"))) {
            propagation("one server", server, server);
            writes("one server (H2)", server);
            reads(server);
        }
        try (PostgresServer postgres = PostgresServer.connectOrStart()) {
            String[] database = {"--spring.datasource.url=" + postgres.url(),
                    "--spring.datasource.username=" + postgres.user(),
                    "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password())};
            try (TestServer a = TestServer.start(dir.resolve("a"), database);
                    TestServer b = TestServer.start(dir.resolve("b"), database)) {
                propagation("two replicas on PostgreSQL (write to A, clients on B)", a, b);
                writes("PostgreSQL", a);
            }
        } catch (PostgresServer.Unavailable e) {
            System.out.println("replicas: not measured, no PostgreSQL: " + e.getMessage());
        }
        System.exit(0);
    }

    /** Time from sending a kill or restore to A until all 50 clients streaming from B evaluate the new value. */
    private static void propagation(String label, TestServer writeTo, TestServer readFrom) throws Exception {
        String key = "figures-" + System.nanoTime();
        writeTo.create("production", key, "{\"enabled\": true}");
        FlagContext user = FlagContext.of("user-1");
        List<FeatureFlags> clients = new ArrayList<>();
        AtomicLong expected = new AtomicLong(1);
        CountDownLatch[] arrived = {new CountDownLatch(CLIENTS)};
        try {
            for (int i = 0; i < CLIENTS; i++) {
                FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource
                        .builder(readFrom.uri("/v1/envs/production/document")).bearerToken(TestServer.ADMIN)
                        .pollInterval(Duration.ofHours(1)).streaming(true).build()).build();
                Object lock = new Object();
                long[] seenFor = {-1};
                flags.onChange(event -> {
                    long target = expected.get();
                    boolean on = flags.isEnabled(key, user);
                    synchronized (lock) {
                        if (seenFor[0] != target && on == (target % 2 == 1)) {
                            seenFor[0] = target;
                            arrived[0].countDown();
                        }
                    }
                });
                clients.add(flags);
            }
            waitUntil(() -> clients.stream().allMatch(flags -> flags.isEnabled(key, user)));
            Thread.sleep(2000); // every stream connected and idle
            long[] millis = new long[WRITES];
            for (int write = 0; write < WRITES; write++) {
                long target = write + 2; // even: killed, odd: restored
                arrived[0] = new CountDownLatch(CLIENTS);
                expected.set(target);
                long start = System.nanoTime();
                writeTo.post("/v1/envs/production/flags/" + key + (target % 2 == 0 ? "/kill" : "/restore"), null);
                if (!arrived[0].await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("write " + write + " did not reach every client in 30 s");
                }
                millis[write] = (System.nanoTime() - start) / 1_000_000;
            }
            Arrays.sort(millis);
            System.out.printf("propagation, %s: %d writes to %d streaming clients, until the last client had it"
                    + " (from sending the write): median %d ms, p99 %d ms, max %d ms%n", label, WRITES, CLIENTS,
                    millis[WRITES / 2], millis[(int) Math.ceil(WRITES * 0.99) - 1], millis[WRITES - 1]);
        } finally {
            clients.forEach(FeatureFlags::close);
        }
    }

    /** Kills and restores one after the other from one client thread: each a new revision with its audit entry. */
    private static void writes(String label, TestServer server) {
        String key = "writes-" + System.nanoTime();
        server.create("production", key, "{}");
        int count = 200;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            server.post("/v1/envs/production/flags/" + key + (i % 2 == 0 ? "/kill" : "/restore"), null);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("writes, %s: %d kills and restores from one client thread, %.0f writes/s%n", label, count,
                count / seconds);
    }

    /** Document reads per second with 304s and with full 200s, from 1 and 2 client threads. */
    private static void reads(TestServer server) throws Exception {
        for (int i = 0; i < 20; i++) {
            server.create("production", "read-" + i, "{\"description\": \"a flag to make the document bigger\"}");
        }
        String etag = server.get("/v1/envs/production/document").header("ETag");
        int bytes = server.get("/v1/envs/production/document").body().length();
        for (int threads : new int[] {1, 2}) {
            for (boolean conditional : new boolean[] {true, false}) {
                double perSecond = readRate(server, threads, conditional ? etag : null);
                System.out.printf("reads, %s, %d client threads: %.0f requests/s%n",
                        conditional ? "304 (If-None-Match)" : "200 (" + bytes + " bytes)", threads, perSecond);
            }
        }
    }

    private static double readRate(TestServer server, int threads, String etag) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest.Builder builder = HttpRequest.newBuilder(server.uri("/v1/envs/production/document"))
                .header("Authorization", "Bearer " + TestServer.ADMIN);
        if (etag != null) {
            builder.header("If-None-Match", etag);
        }
        HttpRequest request = builder.build();
        AtomicLong count = new AtomicLong();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(5);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                        if (System.nanoTime() > warmEnd) {
                            count.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            worker.start();
            workers.add(worker);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return count.get() / 5.0;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("clients did not start in 60 s");
            }
            Thread.sleep(50);
        }
    }
}
