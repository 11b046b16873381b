package dev.flags.server;

import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.usage.FleetUsage;
import dev.flags.testsupport.PostgresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's figures for usage reports and the fleet guard, measured on this machine: how many usage reports of
 * 100 flags a server keeps per second (H2, and PostgreSQL when one can be had), with the flags unguarded and with
 * every flag guarded, and what one flush of their counts costs (with 100 guards judged); then issue 18's end-to-end
 * scene ({@link GuardedFleet}) ten times: from the regression's start until the last of 20 clients serves off
 * ({@code -Dexec.args=e2e}: that alone). Run with {@code ./mvnw -q -pl flags-server -am
 * test-compile exec:java -Dserver.main=dev.flags.server.GuardFigures -Dserver.classpath=test}.
 */
public final class GuardFigures {

    private static final int FLAGS = 100;

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("flags-guard-figures");
        try (TestServer server = TestServer.start(dir.resolve("e2e"))) {
            endToEnd(server, 10);
        }
        if (args.length > 0 && args[0].equals("e2e")) {
            System.exit(0);
        }
        try (TestServer server = TestServer.start(dir.resolve("h2"))) {
            ingest("H2", server);
        }
        try (PostgresServer postgres = PostgresServer.connectOrStart()) {
            try (TestServer server = TestServer.start(dir.resolve("pg"),
                    "--spring.datasource.url=" + postgres.url(), "--spring.datasource.username=" + postgres.user(),
                    "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password()))) {
                ingest("PostgreSQL", server);
            }
        } catch (PostgresServer.Unavailable e) {
            System.out.println("PostgreSQL: not measured, no PostgreSQL: " + e.getMessage());
        }
        System.exit(0);
    }

    /** Reports of 100 flags (two variants each, with error counts), gzipped, from 1 and 4 client threads. */
    private static void ingest(String database, TestServer server) throws Exception {
        for (boolean guarded : new boolean[] {false, true}) {
            String prefix = (guarded ? "guarded-" : "plain-") + Long.toString(System.nanoTime(), 36) + "-";
            StringBuilder flags = new StringBuilder();
            for (int i = 0; i < FLAGS; i++) {
                String key = prefix + i;
                server.create("production", key, guarded ? UsageScenarios.GUARDED : "{}");
                long since = server.get("/v1/envs/production/flags/" + key).json().get("version").longValue();
                flags.append(i == 0 ? "" : ",").append(UsageScenarios.flag(key, since, 500, 5, 500, 5));
            }
            byte[] json = UsageScenarios.report("figures", flags.toString(), null).getBytes(StandardCharsets.UTF_8);
            byte[] body = UsageScenarios.gzip(json);
            rate(server, body, 2); // warm-up
            for (int threads : new int[] {1, 4}) {
                double perSecond = rate(server, body, threads);
                System.out.printf("usage reports, %s, %d flags %s (%d bytes, %d gzipped), %d client threads:"
                        + " %.0f reports/s (%.1f ms each)%n", database, FLAGS,
                        guarded ? "all guarded" : "unguarded", json.length, body.length, threads, perSecond,
                        1000.0 * threads / perSecond);
            }
            flushes(database, server, json, guarded);
        }
    }

    /** One flush after 20 reports: their counts written in one transaction, and (guarded) 100 flags judged. */
    private static void flushes(String database, TestServer server, byte[] json, boolean guarded) {
        FleetUsage usage = server.context.getBean(FleetUsage.class);
        long[] millis = new long[10];
        for (int round = 0; round < millis.length; round++) {
            for (int i = 0; i < 20; i++) {
                server.sendBytes("POST", "/v1/envs/production/usage", json, TestServer.ADMIN);
            }
            long start = System.nanoTime();
            usage.flush();
            millis[round] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        System.out.printf("flush, %s, 20 reports of %d flags %s: median %d ms, max %d ms%n", database, FLAGS,
                guarded ? "(100 guards judged)" : "(no guard)", millis[millis.length / 2], millis[millis.length - 1]);
    }

    /**
     * Issue 18's scene, {@code runs} times: 20 streaming clients reporting every second, a guarded 50 % rollout
     * erring 10x on {@code on} from the start; from the traffic's start until the last client serves {@code off}
     * (is at the kill's revision, or tripped by its own guard: read from each client's status, since evaluating to
     * watch would count evaluations and dilute the error rate the guard judges).
     */
    private static void endToEnd(TestServer server, int runs) throws Exception {
        EnvironmentStore store = server.context.getBean(EnvironmentStore.class);
        long[] off = new long[runs];
        long[] killed = new long[runs];
        int localTrips = 0;
        for (int run = 0; run < runs; run++) {
            String key = "e2e-" + run + "-" + Long.toString(System.nanoTime(), 36);
            server.create("production", key, GuardedFleet.DEFINITION);
            long version = store.snapshot("production").version(key);
            try (GuardedFleet fleet = new GuardedFleet(server, key, 20, Duration.ofSeconds(1))) {
                waitUntil(() -> fleet.ready(version), "the clients to follow the flag");
                long start = System.nanoTime();
                fleet.start(run);
                long killRevision = 0;
                while (killRevision == 0 || fleet.servingOff(killRevision) < 20) {
                    if (killRevision == 0 && store.snapshot("production").version(key) != version) {
                        killRevision = store.snapshot("production").version(key);
                        killed[run] = (System.nanoTime() - start) / 1_000_000;
                    }
                    if (System.nanoTime() - start > TimeUnit.SECONDS.toNanos(120)) {
                        throw new IllegalStateException("run " + run + ": not every client served off in 120 s");
                    }
                    Thread.sleep(5);
                }
                off[run] = (System.nanoTime() - start) / 1_000_000;
                localTrips += (int) fleet.trippedHere();
                System.out.printf("end to end, run %d: the server's kill after %d ms, the last client off after %d ms%n",
                        run + 1, killed[run], off[run]);
            }
        }
        Arrays.sort(off);
        Arrays.sort(killed);
        System.out.printf("end to end, %d runs, 20 streaming clients reporting every 1 s, 50 evaluations/s each, error"
                + " 0.5%% on off and 5%% on on: from the regression's start to the last client serving off: median"
                + " %d ms (min %d, max %d); to the guard's kill revision: median %d ms; clients that had tripped their"
                + " own guard by then: %d of %d%n", runs, median(off), off[0], off[runs - 1], median(killed),
                localTrips, 20 * runs);
    }

    private static long median(long[] sorted) {
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("waited 120 s for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static double rate(TestServer server, byte[] body, int threads) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/envs/production/usage"))
                .header("Authorization", "Bearer " + TestServer.ADMIN).header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        AtomicLong count = new AtomicLong();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long end = warmEnd + TimeUnit.SECONDS.toNanos(10);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 202) {
                            throw new IllegalStateException("answered " + answer.statusCode() + ": " + answer.body());
                        }
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
        return count.get() / 10.0;
    }
}
