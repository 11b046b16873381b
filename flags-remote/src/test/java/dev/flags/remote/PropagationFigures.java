package dev.flags.remote;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Measures what flags-remote/README.md quotes, on loopback against {@link TestFlagStore}: propagation time
 * from a change in the store to the client (polling and streaming, median and p99 over 50 changes), requests
 * per minute of an idle client, and memory and threads per client. Not a test: timings belong in figures,
 * not assertions.
 *
 * <pre>
 * ./mvnw -q -pl flags-remote -am test-compile exec:java -Dfigures.skip=false
 * </pre>
 */
public final class PropagationFigures {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final int CHANGES = 50;

    private PropagationFigures() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("Propagation over " + CHANGES + " changes on loopback:");
        propagation("polling every 1 s", false, Duration.ofSeconds(1));
        propagation("streaming (poll every 1 h)", true, Duration.ofHours(1));
        idleRequests(false);
        idleRequests(true);
        footprint(20);
    }

    private static void propagation(String label, boolean streaming, Duration pollInterval) throws Exception {
        List<Double> millis = new ArrayList<>();
        try (TestFlagStore store = new TestFlagStore(0, flag(0));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url())
                                .pollInterval(pollInterval)
                                .streaming(streaming)
                                .build())
                        .build()) {
            Thread.sleep(500);
            for (int change = 1; change <= CHANGES; change++) {
                CountDownLatch seen = new CountDownLatch(1);
                try (var subscription = flags.onChange(event -> seen.countDown())) {
                    // Changes land at a random moment of the poll cycle, as they do in life.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(Math.min(pollInterval.toMillis(), 1000)));
                    long start = System.nanoTime();
                    store.publish(change, flag(change));
                    if (!seen.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("change " + change + " never arrived");
                    }
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                if (flags.getLong("generation", USER, -1) != change) {
                    throw new IllegalStateException("client serves an unexpected generation");
                }
            }
        }
        Collections.sort(millis);
        System.out.printf("  %-28s median %7.1f ms   p99 %7.1f ms   max %7.1f ms%n", label,
                millis.get(millis.size() / 2), millis.get((int) Math.ceil(millis.size() * 0.99) - 1),
                millis.get(millis.size() - 1));
    }

    private static void idleRequests(boolean streaming) throws Exception {
        Duration window = Duration.ofSeconds(60);
        try (TestFlagStore store = new TestFlagStore(1, flag(1));
                FeatureFlags flags = FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url()).streaming(streaming).build())
                        .build()) {
            int documents = store.documentRequests();
            int streams = store.streamRequests();
            Thread.sleep(window.toMillis());
            double perMinute = 60.0 / window.toSeconds();
            System.out.printf("Idle client, default poll interval (30 s), streaming %s: %.1f document requests "
                            + "and %.1f stream connections per minute (%d and %d at start-up)%n",
                    streaming ? "on" : "off", (store.documentRequests() - documents) * perMinute,
                    (store.streamRequests() - streams) * perMinute, documents, streams);
        }
    }

    private static void footprint(int clients) throws Exception {
        try (TestFlagStore store = new TestFlagStore(1, flag(1))) {
            long heapBefore = usedHeapAfterGc();
            int threadsBefore = Thread.activeCount();
            List<FeatureFlags> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                all.add(FeatureFlags.builder()
                        .source(HttpFlagSource.builder(store.url()).streaming(true).build())
                        .build());
            }
            Thread.sleep(1000);
            long heapAfter = usedHeapAfterGc();
            int threadsAfter = Thread.activeCount();
            System.out.printf("Per client (streaming on, %d clients): %.0f KiB of heap, %.1f threads%n", clients,
                    (heapAfter - heapBefore) / 1024.0 / clients, (threadsAfter - threadsBefore) / (double) clients);
            all.forEach(FeatureFlags::close);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String flag(long generation) {
        return "generation: { variants: { g: " + generation + " }, default: { serve: g } }";
    }
}
