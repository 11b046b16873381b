package dev.flags.server;

import dev.flags.server.usage.FleetUsage;
import dev.flags.testsupport.PostgresServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The README's figures for usage reports and the fleet guard, measured on this machine: how many usage reports of
 * 100 flags a server keeps per second (H2, and PostgreSQL when one can be had), with the flags unguarded and with
 * every flag guarded, and what one flush of their counts costs (with 100 guards judged). Run with {@code ./mvnw -q -pl flags-server -am
 * test-compile exec:java -Dserver.main=dev.flags.server.GuardFigures -Dserver.classpath=test}.
 */
public final class GuardFigures {

    private static final int FLAGS = 100;

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Path dir = Files.createTempDirectory("flags-guard-figures");
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
        java.util.Arrays.sort(millis);
        System.out.printf("flush, %s, 20 reports of %d flags %s: median %d ms, max %d ms%n", database, FLAGS,
                guarded ? "(100 guards judged)" : "(no guard)", millis[millis.length / 2], millis[millis.length - 1]);
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
