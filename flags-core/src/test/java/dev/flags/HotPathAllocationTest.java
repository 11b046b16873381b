package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing for boolean, string, long and double values once the context is built.
 * Measured with the JVM's per-thread allocation counter over a warmed-up loop: a single allocation per
 * evaluation would show as at least 16 bytes per call, millions of bytes over the loop.
 */
class HotPathAllocationTest {

    private static final String DOCUMENT = """
            segments:
              staff: { include: [user-3], when: [ { attribute: email, op: endsWith, values: ["@example.com"] } ] }
            flags:
              static-on: { enabled: true }
              killed: { enabled: false }
              rollout: { default: { rollout: { on: 50, off: 50 } } }
              rule-then-rollout:
                rules:
                  - when: [ { attribute: country, op: eq, values: [NL] } ]
                    serve: on
                default: { rollout: { on: 10, off: 90 } }
              gated:
                prerequisites: [ { flag: static-on, variant: on } ]
                rules:
                  - when: [ { attribute: appVersion, op: semverGte, values: ["2.3.0"] } ]
                    serve: on
                  - when: [ { op: inSegment, values: [staff] } ]
                    serve: on
                  - when: [ { attribute: age, op: gte, values: [18] }, { attribute: plan, op: in, values: [a, b, c, d, e, pro] } ]
                    serve: on
                  - when: [ { op: after, values: ["2026-01-01T00:00:00Z"] } ]
                    rollout: { on: 30, off: 70 }
                    ramp: { variant: on, from: 0, to: 100, start: "2026-01-01T00:00:00Z", end: "2026-02-01T00:00:00Z" }
                default: { serve: off }
              color:
                variants: { blue: blue, red: red }
                rules: [ { when: [ { attribute: country, op: startsWith, values: [N], ignoreCase: true } ], serve: red } ]
                default: { serve: blue }
              limit: { variants: { low: 10, high: 1000 }, default: { rollout: { low: 50, high: 50 } } }
              ratio: { variants: { some: 0.25 }, default: { serve: some } }
              guarded:
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 100, minSamples: 1 }
            """;

    private static final int USERS = 1024;
    private static final String[] COUNTRIES = {"NL", "DE", "US", "FR"};

    private final FeatureFlags flags = FeatureFlags.builder()
            .source(FlagSources.inMemory(DOCUMENT))
            .clock(Clock.fixed(Instant.parse("2026-01-15T00:00:00Z"), ZoneOffset.UTC))
            .build();
    private final FlagContext[] users = new FlagContext[USERS];
    private long sink;

    HotPathAllocationTest() {
        for (int i = 0; i < USERS; i++) {
            users[i] = FlagContext.builder("user-" + i)
                    .set("country", COUNTRIES[i % COUNTRIES.length])
                    .set("appVersion", "2." + (i % 5) + ".0")
                    .set("email", "user-" + i + (i % 7 == 0 ? "@example.com" : "@mail.test"))
                    .set("age", i % 40)
                    .set("plan", i % 3 == 0 ? "pro" : "free")
                    .build();
        }
    }

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void booleanEvaluationAllocatesNothing() {
        assertThat(bytesPerCall(i -> {
            FlagContext user = users[i & (USERS - 1)];
            sink += flags.isEnabled("static-on", user) ? 1 : 0;
            sink += flags.isEnabled("killed", user) ? 1 : 0;
            sink += flags.isEnabled("rollout", user) ? 1 : 0;
            sink += flags.isEnabled("rule-then-rollout", user) ? 1 : 0;
            sink += flags.getBoolean("gated", user, false) ? 1 : 0;
            sink += flags.isEnabled("no-such-flag", user) ? 1 : 0;
        })).isLessThan(0.01);
    }

    @Test
    void stringLongAndDoubleEvaluationAllocateNothing() {
        assertThat(bytesPerCall(i -> {
            FlagContext user = users[i & (USERS - 1)];
            sink += flags.getString("color", user, "none").length();
            sink += flags.getLong("limit", user, 0);
            sink += (long) flags.getDouble("ratio", user, 0.0);
            sink += flags.getString("no-such-flag", user, "none").length();
        })).isLessThan(0.01);
    }

    @Test
    void evaluationDetailsAllocateNothing() {
        assertThat(bytesPerCall(i -> {
            FlagContext user = users[i & (USERS - 1)];
            sink += flags.evaluateBoolean("rule-then-rollout", user, false).variant().length();
            sink += flags.evaluateString("color", user, "none").variant().length();
            sink += flags.evaluateLong("limit", user, 0).value();
            sink += flags.evaluateDouble("ratio", user, 0.0).variant().length();
        })).isLessThan(0.01);
    }

    @Test
    void anObserverSeesEvaluationsWithoutAllocation() {
        long[] seen = new long[1];
        try (Subscription ignored = flags.observe(new FlagObserver() {
            @Override
            public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                seen[0]++;
            }
        })) {
            assertThat(bytesPerCall(i -> {
                FlagContext user = users[i & (USERS - 1)];
                sink += flags.isEnabled("rule-then-rollout", user) ? 1 : 0;
                sink += flags.getLong("limit", user, 0);
            })).isLessThan(0.01);
        }
        assertThat(seen[0]).isGreaterThan(0);
    }

    @Test
    void aWarmFlagStoreKeyAllocatesNothing() {
        FlagStore store = new FlagStore() {
            @Override
            public String name() {
                return "store";
            }

            @Override
            public StoredFlag load(String flagKey) {
                return flagKey.equals("stored")
                        ? new StoredFlag("{ \"default\": { \"rollout\": { \"on\": 50, \"off\": 50 } } }", 1)
                        : null;
            }
        };
        try (FeatureFlags stored = FeatureFlags.builder().store(store).build()) {
            assertThat(bytesPerCall(i -> {
                FlagContext user = users[i & (USERS - 1)];
                sink += stored.isEnabled("stored", user) ? 1 : 0;
            })).isLessThan(0.01);
        }
    }

    @Test
    void trackingAndGuardedEvaluationAllocateNothing() {
        assertThat(bytesPerCall(i -> {
            FlagContext user = users[i & (USERS - 1)];
            sink += flags.isEnabled("guarded", user) ? 1 : 0;
            flags.track("error", user);
            flags.track("no-guard-watches-this", user);
        })).isLessThan(0.01);
        assertThat(flags.status().trippedGuards()).as("equal rates on both arms").isEmpty();
    }

    @Test
    void countingEveryFlagForAReporterAllocatesNothing() {
        GuardTest.CapturingSource source = new GuardTest.CapturingSource(FlagSources.inMemory(DOCUMENT));
        try (FeatureFlags counted = FeatureFlags.builder().source(source).build()) {
            source.usage().countAll();
            assertThat(bytesPerCall(i -> {
                FlagContext user = users[i & (USERS - 1)];
                sink += counted.isEnabled("rule-then-rollout", user) ? 1 : 0;
                sink += counted.getString("color", user, "none").length();
            })).isLessThan(0.01);
            assertThat(source.usage().drain().flags()).extracting(UsageReport.Flag::key)
                    .containsExactlyInAnyOrder("rule-then-rollout", "color");
        }
    }

    /** Warms the loop up, then measures the bytes this thread allocates per call over a million calls. */
    private static double bytesPerCall(IntConsumer call) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int i = 0; i < 2_000_000; i++) {
            call.accept(i);
        }
        int calls = 1_000_000;
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < calls; i++) {
            call.accept(i);
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        return (double) allocated / calls;
    }
}
