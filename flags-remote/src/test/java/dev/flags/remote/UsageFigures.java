package dev.flags.remote;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures what flags-remote/README.md quotes of usage reporting, on loopback against {@link UsageServer}: the bytes
 * one client sends per minute for 100 flags (on virtual time: a minute of reports in a moment), and the threads and
 * heap that reporting adds per client (20 clients reporting every second, against 20 that do not), measured while
 * they run. Not a test: figures, not assertions.
 *
 * <pre>
 * ./mvnw -q -pl flags-remote -am test-compile exec:java -Dfigures.skip=false -Dflags.main=dev.flags.remote.UsageFigures
 * </pre>
 */
public final class UsageFigures {

    private static final int FLAGS = 100;
    private static final int USERS = 1_000;

    private UsageFigures() {
    }

    public static void main(String[] args) throws Exception {
        bytesPerMinute();
        footprint(20);
    }

    /** 100 boolean flags, each a 50/50 rollout (so both variants are served), every tenth guarded on "error". */
    static String document(long revision) {
        StringBuilder json = new StringBuilder("{\"revision\": " + revision + ", \"flags\": {");
        for (int i = 0; i < FLAGS; i++) {
            json.append(i == 0 ? "" : ", ").append('"').append(key(i)).append("\": {\"default\": {\"rollout\": ")
                    .append("{\"on\": 50, \"off\": 50}}")
                    .append(i % 10 == 0 ? ", \"guard\": {\"event\": \"error\", \"variant\": \"on\", \"maxRatio\": 1.5, "
                            + "\"minSamples\": 1000000000}" : "")
                    .append('}');
        }
        return json.append("}}").toString();
    }

    private static String key(int i) {
        return "flag-%03d".formatted(i);
    }

    /** Each interval, 1,000 users evaluate every flag and one in fifty tracks an error. */
    private static void evaluate(FeatureFlags flags) {
        for (int user = 0; user < USERS; user++) {
            FlagContext context = FlagContext.of("user-" + user);
            for (int i = 0; i < FLAGS; i++) {
                flags.isEnabled(key(i), context);
            }
            if (user % 50 == 0) {
                flags.track("error", context);
            }
        }
    }

    /** Ten users evaluate every flag. */
    private static void evaluateSome(FeatureFlags flags) {
        for (int user = 0; user < 10; user++) {
            FlagContext context = FlagContext.of("user-" + user);
            for (int i = 0; i < FLAGS; i++) {
                flags.isEnabled(key(i), context);
            }
        }
    }

    private static void bytesPerMinute() throws Exception {
        VirtualTime time = new VirtualTime();
        try (UsageServer server = new UsageServer()) {
            server.document = document(1);
            try (FeatureFlags flags = FeatureFlags.builder()
                    .source(HttpFlagSource.builder(server.documentUrl())
                            .bearerToken("a-token-of-the-usual-length-0123456789")
                            .app("checkout")
                            .usageReporting()
                            .timing(time, VirtualTime.BACKOFF)
                            .build())
                    .build()) {
                for (int interval = 1; interval <= 6; interval++) {
                    evaluate(flags);
                    time.advance(Duration.ofSeconds(10));
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (server.posts().size() < interval
                            || !flags.status().sources().get(0).details().get("usage").startsWith("HTTP")) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("report " + interval + " never arrived");
                        }
                        Thread.sleep(5);
                    }
                }
            }
            long gzip = 0;
            long json = 0;
            long head = 0;
            for (UsageServer.Post post : server.posts()) {
                gzip += post.raw().length;
                json += post.json().getBytes(StandardCharsets.UTF_8).length;
                head += headerBytes(post);
            }
            int reports = server.posts().size();
            System.out.printf("Usage reports of one client, %d flags (2 variants each, %d guarded), every 10 s: "
                            + "%d reports per minute, %d bytes per minute (%d of gzip'd bodies from %d of JSON, "
                            + "%d of request line and headers)%n", FLAGS, FLAGS / 10, reports, gzip + head, gzip,
                    json, head);
            System.out.printf("  one report: %d bytes gzip'd, %d bytes of JSON%n", gzip / reports, json / reports);
        }
    }

    /** The request line and headers as they travelled, HTTP/1.1 style. */
    private static long headerBytes(UsageServer.Post post) {
        long bytes = "POST /v1/envs/production/usage HTTP/1.1\r\n".length() + 2;
        for (Map.Entry<String, List<String>> header : post.headers().entrySet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + 2 + value.length() + 2;
            }
        }
        return bytes;
    }

    private static void footprint(int clients) throws Exception {
        try (UsageServer server = new UsageServer()) {
            server.document = document(1);
            Footprint off = measure(server, clients, false);
            Footprint on = measure(server, clients, true);
            System.out.printf("%d clients evaluating %d flags for 5 s, reporting every 1 s (%d reports received): "
                            + "%+.1f KiB of heap per client against the same clients without reporting%n", clients,
                    FLAGS, server.posts().size(), (on.heap - off.heap) / 1024.0 / clients);
            System.out.printf("  the clients' threads per client, without reporting: %s%n", off.perClient(clients));
            System.out.printf("  the clients' threads per client, with reporting:    %s%n", on.perClient(clients));
        }
    }

    /** Heap after GC (less what there was before), and the clients' threads by name ({@code flags-...-N}). */
    private record Footprint(long heap, Map<String, Long> threads) {
        String perClient(int clients) {
            StringBuilder text = new StringBuilder();
            threads.forEach((name, count) -> text.append(String.format("%s %.2f  ", name, count / (double) clients)));
            return text.toString().trim();
        }
    }

    private static Footprint measure(UsageServer server, int clients, boolean reporting) throws Exception {
        long heapBefore = usedHeapAfterGc();
        List<FeatureFlags> all = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            HttpFlagSource.Builder source = HttpFlagSource.builder(server.documentUrl()).bearerToken("token");
            if (reporting) {
                source.usageReporting(Duration.ofSeconds(1));
            }
            all.add(FeatureFlags.builder().source(source.build()).build());
        }
        // Five seconds of use, so that every report carries counts: about five reports per client.
        long end = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < end) {
            all.forEach(UsageFigures::evaluateSome);
            Thread.sleep(100);
        }
        long heap = usedHeapAfterGc() - heapBefore;
        Map<String, Long> threads = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            // The JDK client's selector threads are one per client either way, and on Java 17 those of closed
            // clients linger until collected: only this module's threads are counted.
            if (thread.isAlive() && thread.getName().startsWith("flags-")) {
                threads.merge(thread.getName().replaceAll("-\\d+$", "-N"), 1L, Long::sum);
            }
        }
        all.forEach(FeatureFlags::close);
        return new Footprint(heap, threads);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
