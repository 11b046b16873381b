package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.remote.HttpFlagSource;
import dev.flags.testsupport.PostgresServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * About a minute ({@code flags.soak.seconds}) of 50 streaming clients on two replicas while writes go in every
 * 100 ms through either, with the database stopped once in the middle: no client ever goes back to an older
 * revision, every client ends on the last one, no read answers 5xx, threads and heap stay flat.
 * {@code ./mvnw -pl flags-server -am -Psoak verify}.
 */
class ServerSoakIT {

    @TempDir
    Path dir;

    @Test
    void fiftyStreamingClientsFollowTwoReplicasThroughADatabaseRestart() throws Exception {
        long seconds = Long.getLong("flags.soak.seconds", 60);
        try (PostgresServer postgres = PostgresServer.connectOrStart()) {
            String[] database = {"--spring.datasource.url=" + postgres.url(),
                    "--spring.datasource.username=" + postgres.user(),
                    "--spring.datasource.password=" + (postgres.password() == null ? "" : postgres.password())};
            try (TestServer a = TestServer.start(dir.resolve("a"), database);
                    TestServer b = TestServer.start(dir.resolve("b"), database)) {
                soak(seconds, postgres, List.of(a, b));
            }
        }
    }

    private static void soak(long seconds, PostgresServer postgres, List<TestServer> servers) throws Exception {
        servers.get(0).create("production", "soak", "{\"enabled\": true}");
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        List<FeatureFlags> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            FeatureFlags flags = FeatureFlags.builder().source(HttpFlagSource
                    .builder(servers.get(i % 2).uri("/v1/envs/production/document")).bearerToken(TestServer.ADMIN)
                    .pollInterval(Duration.ofSeconds(5)).streaming(true).build()).build();
            AtomicLong highest = new AtomicLong(-1);
            flags.onChange(event -> {
                Long revision = event.revision();
                if (revision != null && revision < highest.getAndAccumulate(revision, Math::max)) {
                    violations.add("a client went back to revision " + revision);
                }
            });
            clients.add(flags);
        }
        try {
            AtomicInteger readErrors = new AtomicInteger();
            AtomicInteger writes = new AtomicInteger();
            long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
            Thread reader = new Thread(() -> {
                while (System.nanoTime() < end) {
                    for (TestServer server : servers) {
                        if (server.get("/v1/envs/production/document").status() >= 500) {
                            readErrors.incrementAndGet();
                        }
                    }
                    pause(50);
                }
            });
            reader.start();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    clients.stream().allMatch(flags -> flags.isEnabled("soak", FlagContext.of("u"))));
            long quarter = System.nanoTime() + (end - System.nanoTime()) / 4;
            long half = System.nanoTime() + (end - System.nanoTime()) / 2;
            // the baseline is taken a quarter in, once the pools (container, clients' HTTP) have their working size
            int threadsAtStart = -1;
            long heapAtStart = 0;
            boolean restarted = false;
            for (int i = 0; System.nanoTime() < end; i++) {
                if (threadsAtStart < 0 && System.nanoTime() > quarter) {
                    threadsAtStart = ManagementFactory.getThreadMXBean().getThreadCount();
                    heapAtStart = usedHeapAfterGc();
                }
                if (!restarted && System.nanoTime() > half && postgres.throwaway() != null) {
                    postgres.throwaway().pause();
                    pause(3000);
                    postgres.throwaway().resume();
                    restarted = true;
                }
                TestServer server = servers.get(i % 2);
                int status = server.post("/v1/envs/production/flags/soak/" + (i % 2 == 0 ? "kill" : "restore"),
                        null).status();
                if (status == 200) {
                    writes.incrementAndGet();
                } else if (status != 503) {
                    violations.add("a write answered " + status);
                }
                pause(100);
            }
            reader.join();
            long last = servers.get(0).get("/v1/envs/production/document").json().get("revision").longValue();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    clients.stream().allMatch(flags -> flags.status().revision() != null
                            && flags.status().revision() == last));
            int threadsAtEnd = ManagementFactory.getThreadMXBean().getThreadCount();
            long heapAtEnd = usedHeapAfterGc();
            System.out.printf("soak: %d s, %d writes, last revision %d, threads %d -> %d, heap %d -> %d MB%n",
                    seconds, writes.get(), last, threadsAtStart, threadsAtEnd, heapAtStart >> 20, heapAtEnd >> 20);
            assertThat(violations).isEmpty();
            assertThat(readErrors.get()).as("reads answered 5xx").isZero();
            assertThat(writes.get()).isGreaterThan(10);
            assertThat(threadsAtEnd - threadsAtStart).as("threads grown").isLessThan(25);
            assertThat(heapAtEnd - heapAtStart).as("heap grown").isLessThan(128L << 20);
        } finally {
            clients.forEach(FeatureFlags::close);
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
