package dev.flags.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.StoreCaching;
import dev.flags.StoredFlag;
import dev.flags.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Measures what flags-jdbc/README.md quotes: how often a loaded client asks the database (per key per minute),
 * what a refresh of an unchanged flag costs next to a load, and what an evaluation through the warm store cache
 * costs next to a flag from a document. On an embedded H2 always, and on PostgreSQL when {@link PostgresServer}
 * can have one. Not a test: timings belong in figures, not assertions.
 *
 * <pre>
 * ./mvnw -q -pl flags-jdbc -am test-compile exec:java -Dflags.main=dev.flags.jdbc.StoreCostFigures
 * </pre>
 */
public final class StoreCostFigures {

    private static final int KEYS = 100;
    private static final int THREADS = 4;
    private static final Duration LOAD_TIME = Duration.ofSeconds(10);
    private static final Duration REFRESH = Duration.ofSeconds(1);

    /** A typical flag: a targeting rule and a percentage rollout. */
    private static final String FLAG = """
            { "rules": [ { "when": [ { "attribute": "country", "op": "in", "values": ["NL", "BE"] } ],
                           "rollout": { "on": 50, "off": 50 } } ],
              "default": { "serve": "off" } }""";

    /** A large flag: a rule that lists 1,000 accounts by e-mail, some 30,000 characters. */
    private static final String LARGE_FLAG = "{ \"rules\": [ { \"when\": [ { \"attribute\": \"email\", \"op\": \"in\","
            + " \"values\": [" + IntStream.range(0, 1000).mapToObj(i -> "\"account-" + i + "@example.com\"")
                    .collect(Collectors.joining(", "))
            + "] } ], \"serve\": \"on\" } ], \"default\": { \"serve\": \"off\" } }";

    private static volatile long sink;

    private StoreCostFigures() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%d cores, Java %s, load average %.1f at the start%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
        try (HikariDataSource h2 = pool("jdbc:h2:mem:figures-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null)) {
            Sql.script(h2, Sql.resource(Sql.H2_SCHEMA));
            measureDatabase("H2 2.5 (embedded, in memory)", h2);
            evaluationCost(h2);
        }
        try (PostgresServer server = PostgresServer.connectOrStart()) {
            try (Connection connection = DriverManager.getConnection(server.url(), server.user(), server.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS flags_figures CASCADE; CREATE SCHEMA flags_figures");
            }
            try (HikariDataSource postgres = pool(server.url(), server)) {
                Sql.script(postgres, Sql.resource(Sql.POSTGRESQL_SCHEMA));
                measureDatabase("PostgreSQL (" + server + ")", postgres);
            }
        } catch (PostgresServer.Unavailable e) {
            System.out.println("\nPostgreSQL: not measured, " + e.getMessage());
        }
        System.out.printf("%nload average %.1f at the end%n", loadAverage());
    }

    private static void measureDatabase(String label, HikariDataSource pool) throws Exception {
        System.out.println("\n" + label);
        CountingDataSource counting = new CountingDataSource(pool);
        JdbcFlagStore store = JdbcFlagStore.builder(counting.dataSource()).build();
        for (int i = 0; i < KEYS; i++) {
            store.writer().put("flag-" + i, FLAG);
        }
        store.writer().put("large-flag", LARGE_FLAG);
        storeCallsUnderLoad(store, counting);
        roundTrips(store, counting, "flag-0", FLAG);
        roundTrips(store, counting, "large-flag", LARGE_FLAG);
    }

    /** THREADS threads evaluate KEYS store flags at random for LOAD_TIME, with a refresh every REFRESH. */
    private static void storeCallsUnderLoad(JdbcFlagStore store, CountingDataSource counting) throws Exception {
        counting.reset();
        LongAdder evaluations = new LongAdder();
        String[] keys = IntStream.range(0, KEYS).mapToObj(i -> "flag-" + i).toArray(String[]::new);
        try (FeatureFlags flags = FeatureFlags.builder().store(store)
                .storeCaching(StoreCaching.defaults().withRefreshAfter(REFRESH)).build()) {
            long end = System.nanoTime() + LOAD_TIME.toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> {
                    FlagContext[] users = contexts(256);
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long count = 0;
                    while ((count & 1023) != 0 || System.nanoTime() < end) {
                        flags.isEnabled(keys[random.nextInt(KEYS)], users[(int) (count & 255)]);
                        count++;
                    }
                    evaluations.add(count);
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        double minutes = LOAD_TIME.toNanos() / 60e9;
        long queries = counting.loads.get() + counting.reloads.get();
        System.out.printf("  %d threads x %d s over %d keys, refreshAfter %d s: %,d evaluations (%.1f M/s)%n",
                THREADS, LOAD_TIME.toSeconds(), KEYS, REFRESH.toSeconds(), evaluations.sum(),
                evaluations.sum() / (LOAD_TIME.toNanos() / 1e9) / 1e6);
        System.out.printf("  store queries: %d loads + %d reloads = %.1f per key per minute;"
                        + " definitions moved by reloads: %d%n", counting.loads.get(), counting.reloads.get(),
                queries / (double) KEYS / minutes, counting.definitionsRead.get() - counting.loads.get());
    }

    /** Mean time of a load next to a refresh that finds the revision unchanged, in the least disturbed round. */
    private static void roundTrips(JdbcFlagStore store, CountingDataSource counting, String key, String definition)
            throws SQLException {
        StoredFlag current = store.load(key);
        int calls = 1_000;
        int rounds = 5;
        double load = Double.MAX_VALUE;
        double reload = Double.MAX_VALUE;
        long moved = 0;
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                store.load(key);
            }
            double loadMicros = (System.nanoTime() - start) / 1e3 / calls;
            long readBefore = counting.definitionsRead.get();
            start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                store.reload(key, current);
            }
            double reloadMicros = (System.nanoTime() - start) / 1e3 / calls;
            moved += counting.definitionsRead.get() - readBefore;
            if (round >= 0) {
                load = Math.min(load, loadMicros);
                reload = Math.min(reload, reloadMicros);
            }
        }
        System.out.printf("  definition of %,6d chars: one load %4.0f us, one unchanged reload %4.0f us (best of %d"
                + " rounds of %,d; definitions moved by the %,d reloads: %d)%n", definition.length(), load, reload,
                rounds, calls, (rounds + 1) * calls, moved);
    }

    /** Nanoseconds per isEnabled: a flag from a document next to the same flag from a warm store cache. */
    private static void evaluationCost(HikariDataSource h2) throws Exception {
        JdbcFlagStore store = JdbcFlagStore.builder(h2).build();
        store.writer().put("from-store", FLAG);
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("{ \"flags\": { \"from-document\": " + FLAG + " } }"))
                .store(store)
                .storeCaching(StoreCaching.defaults().withRefreshAfter(Duration.ofHours(1)))
                .build()) {
            FlagContext[] users = contexts(1024);
            flags.isEnabled("from-store", users[0]);
            int calls = 5_000_000;
            for (int round = 0; round < 4; round++) { // warm-up: both paths compiled before anything counts
                run(flags, "from-document", users, calls);
                run(flags, "from-store", users, calls);
            }
            double[] document = new double[9];
            double[] stored = new double[9];
            for (int round = 0; round < document.length; round++) { // alternated, so drift hits both alike
                document[round] = run(flags, "from-document", users, calls);
                stored[round] = run(flags, "from-store", users, calls);
            }
            System.out.printf("%nEvaluation (isEnabled, rule + 50%% rollout, 1 thread, %d rounds of %,d calls"
                    + " after warm-up):%n", document.length, calls);
            System.out.printf("  flag from a document:           median %5.1f ns, best %5.1f ns  (rounds %s)%n",
                    median(document), Arrays.stream(document).min().orElseThrow(), rounds(document));
            System.out.printf("  flag from the warm store cache: median %5.1f ns, best %5.1f ns  (rounds %s)%n",
                    median(stored), Arrays.stream(stored).min().orElseThrow(), rounds(stored));
        }
    }

    private static double run(FeatureFlags flags, String key, FlagContext[] users, int calls) {
        long on = 0;
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (flags.isEnabled(key, users[i & 1023])) {
                on++;
            }
        }
        long elapsed = System.nanoTime() - start;
        sink += on;
        return (double) elapsed / calls;
    }

    private static FlagContext[] contexts(int count) {
        String[] countries = {"NL", "BE", "DE", "FR"};
        return IntStream.range(0, count)
                .mapToObj(i -> FlagContext.builder("user-" + i).set("country", countries[i % countries.length]).build())
                .toArray(FlagContext[]::new);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String rounds(double[] values) {
        return Arrays.stream(values).mapToObj(v -> String.format("%.1f", v)).collect(Collectors.joining(" "));
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static HikariDataSource pool(String url, PostgresServer server) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (server != null) {
            config.setUsername(server.user());
            config.setPassword(server.password());
            config.setSchema("flags_figures");
        }
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }
}
