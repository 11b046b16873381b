package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import dev.flags.Evaluation;
import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.InMemoryFlagSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FlagsMetricsTest {

    private static final String DOCUMENT = """
            revision: 5
            flags:
              on-flag: { enabled: true }
              off-flag: { enabled: false }
              color:
                variants: { red: "#f00", blue: "#00f" }
                targets: { red: [alice] }
                default: { serve: blue }
            """;

    private final InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
    private final FeatureFlags flags = FeatureFlags.builder().source(source).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FlagsMetrics metrics = new FlagsMetrics(flags);

    @AfterEach
    void close() {
        metrics.close();
        flags.close();
    }

    @Test
    void countsEachTrippedGuardOnceAndGaugesThoseThatHold() {
        InMemoryFlagSource guardedSource = FlagSources.inMemory(Trips.GUARDED);
        try (FeatureFlags guarded = FeatureFlags.builder().source(guardedSource).build();
                FlagsMetrics guardMetrics = new FlagsMetrics(guarded)) {
            guardMetrics.bindTo(registry);
            assertThat(registry.get("flags.guards.tripped").gauge().value()).isZero();

            Trips.trip(guarded, "new-checkout");

            assertThat(registry.get("flags.guards.tripped").gauge().value()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> trips("new-checkout") == 1);
            // Another status that still holds the trip (a new revision) counts nothing: the listener added after
            // the metrics hears it after them, on the same thread.
            List<Long> revisions = new CopyOnWriteArrayList<>();
            guarded.onStatusChange(status -> revisions.add(status.revision()));
            guardedSource.update(Trips.GUARDED.replace("revision: 1", "revision: 2")
                    .replace("other: { enabled: true }", "other: { enabled: false }"));
            await().atMost(Duration.ofSeconds(10)).until(() -> revisions.contains(2L));
            assertThat(trips("new-checkout")).isEqualTo(1);

            guardedSource.update(Trips.GUARDED.replace("revision: 1", "revision: 3").replace("maxRatio: 2",
                    "maxRatio: 3"));
            assertThat(registry.get("flags.guards.tripped").gauge().value()).as("a new definition").isZero();
            Trips.trip(guarded, "new-checkout");
            await().atMost(Duration.ofSeconds(10)).until(() -> trips("new-checkout") == 2);
        }
    }

    private double trips(String flag) {
        Counter counter = registry.find("flags.guards.trips").tag("flag", flag).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void timesEachSyncBySourceAndResult() {
        metrics.bindTo(registry);

        metrics.onSync("http://store/flags", java.time.Duration.ofMillis(40), true);
        metrics.onSync("http://store/flags", java.time.Duration.ofMillis(60), true);
        metrics.onSync("http://store/flags", java.time.Duration.ofMillis(500), false);

        io.micrometer.core.instrument.Timer ok = registry.get("flags.sync").tag("result", "success").timer();
        assertThat(ok.count()).isEqualTo(2);
        assertThat(ok.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(100);
        assertThat(registry.get("flags.sync").tag("result", "failure").timer().count()).isEqualTo(1);
    }

    @Test
    void showsTheCircuitBreakerOfSourcesThatHaveOne() {
        GuardedSource guarded = new GuardedSource();
        try (FeatureFlags withBreaker = FeatureFlags.builder().source(guarded).build();
                FlagsMetrics breakerMetrics = new FlagsMetrics(withBreaker)) {
            breakerMetrics.bindTo(registry);
            assertThat(registry.get("flags.circuit.breaker").tag("source", "guarded").gauge().value()).isZero();

            guarded.state = "OPEN";

            assertThat(registry.get("flags.circuit.breaker").tag("source", "guarded").gauge().value()).isEqualTo(2);
        }
    }

    @Test
    void countsEvaluationsByFlagVariantAndReason() {
        metrics.bindTo(registry);
        FlagContext alice = FlagContext.of("alice");
        flags.isEnabled("on-flag", alice);
        flags.isEnabled("on-flag", alice);
        flags.isEnabled("off-flag", alice);
        flags.getString("color", alice, "none");
        flags.getString("color", FlagContext.of("bob"), "none");
        flags.isEnabled("no-such-flag", alice);

        assertThat(count("on-flag", "on", "STATIC")).isEqualTo(2);
        assertThat(count("off-flag", "off", "DISABLED")).isEqualTo(1);
        assertThat(count("color", "red", "TARGETING_MATCH")).isEqualTo(1);
        assertThat(count("color", "blue", "DEFAULT")).isEqualTo(1);
        assertThat(count(FlagsMetrics.UNKNOWN_FLAG, "none", "ERROR")).isEqualTo(1);
        assertThat(registry.get("flags.unknown.evaluations").functionCounter().count()).isEqualTo(1);
    }

    @Test
    void keysNoSourceDefinesShareOneCounter() {
        metrics.bindTo(registry);
        for (int i = 0; i < 20_000; i++) {
            flags.isEnabled("unknown-" + i, FlagContext.anonymous());
        }
        flags.isEnabled("on-flag", FlagContext.anonymous());

        assertThat(registry.find("flags.evaluations").counters()).hasSize(2);
        assertThat(count(FlagsMetrics.UNKNOWN_FLAG, "none", "ERROR")).isEqualTo(20_000);
        assertThat(registry.find("flags.evaluations").tag("flag", "unknown-7").counters()).isEmpty();
    }

    @Test
    void definedKeysPastTheBoundShareOneTag() {
        StringBuilder document = new StringBuilder("flags:\n");
        for (int i = 0; i < FlagsMetrics.MAX_FLAG_TAGS + 50; i++) {
            document.append("  f").append(i).append(": { enabled: true }\n");
        }
        try (FeatureFlags many = FeatureFlags.builder().source(FlagSources.inMemory(document.toString())).build();
                FlagsMetrics manyMetrics = new FlagsMetrics(many)) {
            manyMetrics.bindTo(registry);
            for (int i = 0; i < FlagsMetrics.MAX_FLAG_TAGS + 50; i++) {
                many.isEnabled("f" + i, FlagContext.anonymous());
            }

            assertThat(registry.find("flags.evaluations").counters()).hasSize(FlagsMetrics.MAX_FLAG_TAGS + 1);
            assertThat(count("f0", "on", "STATIC")).isEqualTo(1);
            assertThat(count(FlagsMetrics.OTHER_FLAGS, "on", "STATIC")).isEqualTo(50);
        }
    }

    @Test
    void anOperatorsLookupThroughTheEndpointIsNotCounted() {
        metrics.bindTo(registry);
        java.util.List<Boolean> seenAsOperator = new java.util.concurrent.CopyOnWriteArrayList<>();
        flags.observe(new dev.flags.FlagObserver() {
            @Override
            public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                seenAsOperator.add(OperatorEvaluations.inProgress());
            }
        });
        flags.isEnabled("on-flag", FlagContext.anonymous());

        new FlagsEndpoint(flags).flag("on-flag", "alice", null);

        assertThat(count("on-flag", "on", "STATIC")).isEqualTo(1);
        assertThat(seenAsOperator).containsExactly(false, true);
        assertThat(OperatorEvaluations.inProgress()).isFalse();
    }

    @Test
    void reusesOneCounterPerEvaluation() {
        metrics.bindTo(registry);
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("on-flag", FlagContext.anonymous(), false);
        for (int i = 0; i < 3; i++) {
            metrics.onEvaluation(evaluation, FlagContext.anonymous());
        }
        assertThat(registry.find("flags.evaluations").counters()).hasSize(1);
        assertThat(count("on-flag", "on", "STATIC")).isEqualTo(4);
    }

    @Test
    void countsWithoutAllocating() {
        metrics.bindTo(registry);
        FlagContext user = FlagContext.of("alice");
        long[] sink = new long[1];
        double bytes = bytesPerCall(() -> {
            sink[0] += flags.isEnabled("on-flag", user) ? 1 : 0;
            sink[0] += flags.getString("color", user, "none").length();
        });
        assertThat(bytes).isLessThan(0.05);
        assertThat(sink[0]).isPositive();
    }

    @Test
    void reportsStateRevisionCountAndStaleness() {
        Instant now = Instant.now();
        FlagsMetrics later = new FlagsMetrics(flags, Clock.fixed(now.plusSeconds(90), ZoneOffset.UTC));
        later.bindTo(registry);
        assertThat(gauge("flags.state", "READY")).isEqualTo(1);
        assertThat(gauge("flags.state", "STALE")).isZero();
        assertThat(registry.get("flags.staleness").gauge().value()).isZero();
        assertThat(registry.get("flags.revision").gauge().value()).isEqualTo(5);
        assertThat(registry.get("flags.count").gauge().value()).isEqualTo(3);
        assertThat(registry.get("flags.last.sync").gauge().value())
                .isCloseTo(flags.status().lastSync().toEpochMilli() / 1000.0, offset(0.01));

        source.fail("store down");
        assertThat(gauge("flags.state", "STALE")).isEqualTo(1);
        assertThat(registry.get("flags.staleness").gauge().value()).isBetween(85.0, 95.0);
        later.close();
    }

    @Test
    void reportsNoStalenessBeforeTheFirstDocument() {
        try (FeatureFlags empty = FeatureFlags.builder().source(new InMemoryFlagSource("empty")).build()) {
            FlagsMetrics emptyMetrics = new FlagsMetrics(empty);
            emptyMetrics.bindTo(registry);
            assertThat(gauge("flags.state", "INITIALIZING")).isEqualTo(1);
            assertThat(registry.get("flags.staleness").gauge().value()).isNaN();
            assertThat(registry.get("flags.revision").gauge().value()).isNaN();
            assertThat(registry.get("flags.last.sync").gauge().value()).isNaN();
            emptyMetrics.close();
        }
    }

    @Test
    void stopsCountingWhenClosed() {
        metrics.bindTo(registry);
        flags.isEnabled("on-flag", FlagContext.anonymous());
        metrics.close();
        flags.isEnabled("on-flag", FlagContext.anonymous());
        assertThat(count("on-flag", "on", "STATIC")).isEqualTo(1);
    }

    @Test
    void countsInEveryBoundRegistry() {
        SimpleMeterRegistry other = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        metrics.bindTo(other);
        flags.isEnabled("on-flag", FlagContext.anonymous());
        assertThat(count("on-flag", "on", "STATIC")).isEqualTo(1);
        assertThat(other.get("flags.evaluations").tag("flag", "on-flag").counter().count()).isEqualTo(1);
    }

    private double count(String flag, String variant, String reason) {
        Counter counter = registry.find("flags.evaluations").tag("flag", flag).tag("variant", variant)
                .tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private double gauge(String name, String state) {
        return registry.get(name).tag("state", state).gauge().value();
    }

    /** Warms up, then measures the bytes this thread allocates per call over a million calls. */
    private static double bytesPerCall(Runnable call) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 2_000_000; i++) {
            call.run();
        }
        int calls = 1_000_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        return (double) (threads.getThreadAllocatedBytes(thread) - before) / calls;
    }

    /** A source with a circuit breaker the test opens by hand. */
    private static final class GuardedSource implements dev.flags.FlagSource {
        volatile String state = "CLOSED";

        @Override
        public String name() {
            return "guarded";
        }

        @Override
        public void start(Listener listener) {
            listener.onDocument("flags: {}");
        }

        @Override
        public java.util.Map<String, String> details() {
            return java.util.Map.of("circuitBreaker", state);
        }

        @Override
        public void close() {
        }
    }
}
