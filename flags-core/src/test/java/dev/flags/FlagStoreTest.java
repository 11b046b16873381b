package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flags.model.Condition;
import dev.flags.model.FlagDefinition;
import dev.flags.model.Rule;
import dev.flags.model.ServeBlock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Flags answered one key at a time by a FlagStore, behind the client's cache. */
class FlagStoreTest {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final String ON = "{ \"enabled\": true }";
    private static final String OFF = "{ \"enabled\": false }";

    /** A store that counts its calls and can be made slow or failing. */
    static final class CountingStore implements FlagStore {
        final Map<String, StoredFlag> flags = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        volatile RuntimeException failure;
        /** An Error to throw, as a missing JDBC driver or a runaway recursion would. */
        volatile Error error;
        final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
        volatile CountDownLatch gate;

        @Override
        public String name() {
            return "counting-store";
        }

        @Override
        public StoredFlag load(String flagKey) throws Exception {
            calls.computeIfAbsent(flagKey, k -> new AtomicInteger()).incrementAndGet();
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                waitFor.await(10, TimeUnit.SECONDS);
            }
            if (failure != null) {
                throw failure;
            }
            if (error != null) {
                throw error;
            }
            RuntimeException keyFailure = failures.get(flagKey);
            if (keyFailure != null) {
                throw keyFailure;
            }
            return flags.get(flagKey);
        }

        int calls(String key) {
            AtomicInteger count = calls.get(key);
            return count == null ? 0 : count.get();
        }

        void put(String key, String definition, long revision) {
            flags.put(key, new StoredFlag(definition, revision));
        }
    }

    /** Loads on a busy machine can take a while: only the cold-timeout test uses a short one. */
    private static final StoreCaching PATIENT = StoreCaching.defaults().withColdTimeout(Duration.ofSeconds(10));

    private final CountingStore store = new CountingStore();
    private FeatureFlags flags;

    private FeatureFlags client(StoreCaching caching) {
        flags = FeatureFlags.builder().store(store).storeCaching(caching).build();
        return flags;
    }

    @AfterEach
    void close() {
        if (flags != null) {
            flags.close();
        }
    }

    @Test
    void aStoreFlagIsEvaluatedLikeADocumentFlag() {
        store.put("new-checkout", """
                { "rules": [ { "when": [ { "attribute": "country", "op": "eq", "values": ["NL"] } ], "serve": "on" } ],
                  "default": { "serve": "off" } }""", 1);
        client(PATIENT);

        assertThat(flags.isEnabled("new-checkout", FlagContext.builder("u").set("country", "NL").build())).isTrue();
        Evaluation<Boolean> other = flags.evaluateBoolean("new-checkout", USER, true);
        assertThat(other.value()).isFalse();
        assertThat(other.reason()).isEqualTo(Reason.DEFAULT);
        assertThat(other.source()).isEqualTo("counting-store");
    }

    @Test
    void aStoreMayHandOverModelsWhichAreCompiledWithoutText() {
        store.flags.put("button-color", StoredFlag.of(FlagDefinition.builder()
                .variant("red", "#f00").variant("blue", "#00f")
                .rule(Rule.when(Condition.of("country", "in", "NL")).serve("blue"))
                .defaultServe(ServeBlock.serve("red"))
                .build(), 1));
        client(PATIENT);

        assertThat(flags.getString("button-color", FlagContext.builder("u").set("country", "NL").build(), "none"))
                .isEqualTo("#00f");
        Evaluation<String> other = flags.evaluateString("button-color", USER, "none");
        assertThat(other.value()).isEqualTo("#f00");
        assertThat(other.source()).isEqualTo("counting-store");
    }

    @Test
    void aChangedModelIsPickedUpOnRefreshAndAnEqualOneChangesNothing() {
        store.flags.put("a", StoredFlag.of(FlagDefinition.on(), 1));
        store.flags.put("b", StoredFlag.of(FlagDefinition.on(), 1));
        client(PATIENT.withRefreshAfter(Duration.ofMillis(50)));
        List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();
        flags.onChange(events::add);
        assertThat(flags.isEnabled("a", USER)).isTrue();
        assertThat(flags.isEnabled("b", USER)).isTrue();

        store.flags.put("a", StoredFlag.of(FlagDefinition.on().killed(), 2));
        store.flags.put("b", StoredFlag.of(FlagDefinition.on(), 1));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("b", USER);
            assertThat(flags.evaluateBoolean("a", USER, true).reason()).isEqualTo(Reason.DISABLED);
            // Listeners hear changes on the client's events thread, a moment after they apply.
            assertThat(events).extracting(FlagChangeEvent::flagKeys).containsOnly(java.util.Set.of("a"));
        });
    }

    @Test
    void anInvalidModelIsAParseErrorNamingWhatIsWrong() {
        store.flags.put("broken", StoredFlag.of(FlagDefinition.builder()
                .variant("red", "#f00").defaultServe(ServeBlock.serve("purple")).build(), 1));
        client(PATIENT);

        Evaluation<String> evaluation = flags.evaluateString("broken", USER, "none");

        assertThat(evaluation.value()).isEqualTo("none");
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
        assertThat(evaluation.errorMessage()).contains("purple");
    }

    @Test
    void aStoredFlagHasTextOrAModelNotBoth() {
        assertThatThrownBy(() -> new StoredFlag(ON, FlagDefinition.on(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> new StoredFlag(null, null, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not neither");
    }

    @Test
    void theStoreIsAskedOncePerKeyHoweverOftenTheFlagIsEvaluated() {
        store.put("a", ON, 1);
        client(PATIENT);

        IntStream.range(0, 10_000).forEach(i -> flags.isEnabled("a", USER));

        assertThat(store.calls("a")).isEqualTo(1);
    }

    @Test
    void aMissingKeyIsCachedAsMissing() {
        client(PATIENT);

        IntStream.range(0, 1_000).forEach(i -> flags.isEnabled("nope", USER));

        assertThat(store.calls("nope")).isEqualTo(1);
        assertThat(flags.evaluateBoolean("nope", USER, false).errorCode()).isEqualTo(ErrorCode.FLAG_NOT_FOUND);
        assertThat(flags.status().unknownFlagKeys()).contains("nope");
    }

    @Test
    void aRefreshPicksUpAChangeAndTellsListeners() {
        store.put("a", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(100)));
        List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();
        flags.onChange(events::add);
        assertThat(flags.isEnabled("a", USER)).isTrue();

        store.put("a", OFF, 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("a", USER);
            assertThat(flags.evaluateBoolean("a", USER, true).reason()).isEqualTo(Reason.DISABLED);
            assertThat(events).extracting(FlagChangeEvent::flagKeys).contains(java.util.Set.of("a"));
        });
    }

    @Test
    void aListenerToldOfAStoreChangeAlreadySeesTheNewValue() {
        store.put("a", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(50)));
        List<Boolean> seenInListener = new CopyOnWriteArrayList<>();
        flags.onChange(event -> seenInListener.add(flags.isEnabled("a", USER)));
        assertThat(flags.isEnabled("a", USER)).isTrue();

        store.put("a", OFF, 2);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            flags.isEnabled("a", USER);
            return !seenInListener.isEmpty();
        });
        assertThat(seenInListener).containsOnly(false);
    }

    @Test
    void aFailingStoreKeepsServingItsLastAnswerAndTheStatusSaysStale() {
        store.put("a", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(50)));
        assertThat(flags.isEnabled("a", USER)).isTrue();

        store.failure = new IllegalStateException("database down");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(flags.isEnabled("a", USER)).isTrue();
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
        });
        assertThat(flags.status().lastError()).contains("counting-store").contains("database down");

        store.failure = null;

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("a", USER);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
        });
    }

    @Test
    void oneFailingKeyKeepsTheStoreStaleWhileTheOthersRefreshFine() {
        store.put("healthy", ON, 1);
        store.put("broken", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(50)));
        assertThat(flags.isEnabled("healthy", USER)).isTrue();
        assertThat(flags.isEnabled("broken", USER)).isTrue();

        store.failures.put("broken", new IllegalStateException("row locked"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("broken", USER);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
        });
        int healthyCalls = store.calls("healthy");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            flags.isEnabled("healthy", USER);
            return store.calls("healthy") >= healthyCalls + 3;
        });

        // The healthy key's refreshes succeeded meanwhile: they must not hide the broken one.
        assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
        assertThat(flags.status().lastError()).contains("broken").contains("row locked");
        assertThat(flags.isEnabled("broken", USER)).isTrue();

        store.failures.clear();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("broken", USER);
            assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
        });
    }

    @Test
    void threadsAskingForAColdKeyAtOnceShareOneLoad() throws Exception {
        store.put("cold", ON, 1);
        store.gate = new CountDownLatch(1);
        client(PATIENT);
        int threads = 8;
        CountDownLatch asking = new CountDownLatch(threads);
        List<Boolean> answers = new CopyOnWriteArrayList<>();
        List<Thread> started = IntStream.range(0, threads).mapToObj(i -> new Thread(() -> {
            asking.countDown();
            answers.add(flags.isEnabled("cold", USER));
        })).toList();
        started.forEach(Thread::start);

        asking.await(10, TimeUnit.SECONDS);
        // Every thread waits, on the store's gate or on the load in flight, before the gate opens: none can find
        // the key already loaded, so one call means the load was shared.
        await().atMost(Duration.ofSeconds(10)).until(() -> started.stream()
                .map(Thread::getState)
                .allMatch(state -> state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                        || state == Thread.State.BLOCKED));
        assertThat(store.calls("cold")).isEqualTo(1);
        store.gate.countDown();
        for (Thread thread : started) {
            thread.join(10_000);
        }

        assertThat(answers).hasSize(threads).containsOnly(true);
        assertThat(store.calls("cold")).isEqualTo(1);
    }

    @Test
    void aKeyLeftUnaskedPastTheExpiryIsLoadedAgain() {
        store.put("a", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(100)).withExpireAfterAccess(Duration.ofMillis(200)));
        assertThat(flags.isEnabled("a", USER)).isTrue();
        IntStream.range(0, 100).forEach(i -> flags.isEnabled("a", USER));
        assertThat(store.calls("a")).isEqualTo(1);

        // Waiting without asking is the behaviour under test: every evaluation would renew the entry.
        await().pollDelay(Duration.ofMillis(400)).until(() -> true);

        assertThat(flags.isEnabled("a", USER)).isTrue();
        assertThat(store.calls("a")).isEqualTo(2);
    }

    @Test
    void afterCloseCachedKeysStillAnswerAndNewKeysGetTheDefault() {
        store.put("a", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(1)));
        assertThat(flags.isEnabled("a", USER)).isTrue();

        flags.close();

        assertThat(flags.isEnabled("a", USER)).isTrue();
        Evaluation<Boolean> fresh = flags.evaluateBoolean("never-asked", USER, true);
        assertThat(fresh.value()).isTrue();
        assertThat(fresh.errorCode()).isEqualTo(ErrorCode.GENERAL);
        assertThat(fresh.errorMessage()).contains("closed");
    }

    @Test
    void aFailingStoreIsAskedOncePerRefreshIntervalNotOncePerEvaluation() throws Exception {
        store.failure = new IllegalStateException("down");
        client(PATIENT.withRefreshAfter(Duration.ofSeconds(30)));

        for (int i = 0; i < 1_000; i++) {
            assertThat(flags.isEnabled("a", USER)).isFalse();
        }

        assertThat(store.calls("a")).isEqualTo(1);
        assertThat(flags.evaluateBoolean("a", USER, true).errorCode()).isEqualTo(ErrorCode.GENERAL);
    }

    @Test
    void aColdKeyWaitsNoLongerThanTheColdTimeout() {
        store.put("slow", ON, 1);
        store.gate = new CountDownLatch(1);
        client(PATIENT.withColdTimeout(Duration.ofMillis(50)));

        Evaluation<Boolean> first = flags.evaluateBoolean("slow", USER, false);

        assertThat(first.value()).isFalse();
        assertThat(first.errorMessage()).contains("did not answer within 50 ms");
        store.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> flags.isEnabled("slow", USER));
        assertThat(store.calls("slow")).isEqualTo(1);
    }

    @Test
    void anInvalidDefinitionIsAParseError() {
        store.put("broken", "{ \"enabled\": \"yes\" }", 1);
        client(PATIENT);

        Evaluation<Boolean> evaluation = flags.evaluateBoolean("broken", USER, true);

        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.PARSE_ERROR);
        assertThat(evaluation.errorMessage()).contains("enabled");
    }

    @Test
    void anInvalidDefinitionOnRefreshKeepsTheLastGoodOne() {
        store.put("a", ON, 1);
        client(PATIENT.withRefreshAfter(Duration.ofMillis(50)));
        assertThat(flags.isEnabled("a", USER)).isTrue();

        store.put("a", "{ \"enabled\": 3 }", 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("a", USER);
            assertThat(flags.status().lastError()).contains("invalid");
        });
        assertThat(flags.isEnabled("a", USER)).isTrue();
    }

    @Test
    void theCacheHoldsNoMoreThanItsMaximumSize() {
        IntStream.range(0, 500).forEach(i -> store.put("flag-" + i, ON, 1));
        client(PATIENT.withMaximumSize(100));

        IntStream.range(0, 500).forEach(i -> flags.isEnabled("flag-" + i, USER));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flags.isEnabled("flag-0", USER); // cache maintenance runs on access
            assertThat(flags.status().sources().get(0).flagCount()).isLessThanOrEqualTo(100);
        });
    }

    @Test
    void aDocumentFlagWinsOverTheStores() {
        store.put("a", OFF, 1);
        flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("flags: { a: { enabled: true } }"))
                .store(store)
                .storeCaching(PATIENT)
                .build();

        assertThat(flags.isEnabled("a", USER)).isTrue();
        assertThat(store.calls("a")).isZero();
    }

    @Test
    void aStoreFlagMayRequireADocumentFlag() {
        store.put("b", "{ \"prerequisites\": [ { \"flag\": \"a\", \"variant\": \"on\" } ] }", 1);
        flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("flags: { a: { enabled: false } }"))
                .store(store)
                .storeCaching(PATIENT)
                .build();

        assertThat(flags.evaluateBoolean("b", USER, true).reason()).isEqualTo(Reason.PREREQUISITE_FAILED);
    }

    @Test
    void externalSegmentsAreAnsweredByTheSegmentMembership() {
        AtomicInteger asked = new AtomicInteger();
        SegmentMembership tiers = new SegmentMembership() {
            @Override
            public String name() {
                return "tiers";
            }

            @Override
            public boolean contains(String segment, String key) {
                asked.incrementAndGet();
                return segment.equals("gold") && key.equals("user-1");
            }
        };
        flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("""
                        segments: { gold: { external: true } }
                        flags:
                          perks:
                            rules: [ { when: [ { op: inSegment, values: [gold] } ], serve: on } ]
                            default: { serve: off }
                        """))
                .segments(tiers)
                .storeCaching(PATIENT)
                .build();

        assertThat(flags.isEnabled("perks", USER)).isTrue();
        assertThat(flags.isEnabled("perks", FlagContext.of("user-2"))).isFalse();
        IntStream.range(0, 100).forEach(i -> flags.isEnabled("perks", USER));
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void anExternalSegmentListsNoMembersItself() {
        assertThat(FlagDocuments.validate("""
                segments: { gold: { external: true, include: [u] } }
                flags: {}
                """)).singleElement().asString().startsWith("segments.gold.include");
    }

    @Test
    void aStoreThatThrowsAnErrorNeverMakesEvaluationThrowAndIsAskedOncePerRefreshInterval() {
        store.error = new NoClassDefFoundError("org/postgresql/Driver");
        client(PATIENT);

        for (int i = 0; i < 2_000; i++) {
            assertThatCode(() -> flags.isEnabled("a", USER)).doesNotThrowAnyException();
        }

        assertThat(store.calls("a")).isEqualTo(1);
        Evaluation<Boolean> evaluation = flags.evaluateBoolean("a", USER, true);
        assertThat(evaluation.value()).isTrue();
        assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.GENERAL);
        assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
        assertThat(flags.status().lastError()).contains("counting-store", "NoClassDefFoundError");
    }

    @Test
    void aSegmentMembershipThatThrowsAnErrorCountsAsNotInTheSegmentAndIsReported() {
        AtomicInteger asked = new AtomicInteger();
        SegmentMembership broken = new SegmentMembership() {
            @Override
            public String name() {
                return "tiers";
            }

            @Override
            public boolean contains(String segment, String key) {
                asked.incrementAndGet();
                throw new StackOverflowError();
            }
        };
        flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("""
                        segments: { gold: { external: true } }
                        flags:
                          perks:
                            rules: [ { when: [ { op: inSegment, values: [gold] } ], serve: on } ]
                            default: { serve: off }
                        """))
                .segments(broken)
                .storeCaching(PATIENT)
                .build();

        for (int i = 0; i < 2_000; i++) {
            assertThat(flags.evaluateBoolean("perks", USER, true).variant()).isEqualTo("off");
        }

        assertThat(asked.get()).isEqualTo(1);
        assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);
        assertThat(flags.status().lastError()).contains("tiers", "StackOverflowError");
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void keysStillLoadingAtCloseAnswerAtOnceThatTheClientIsClosed() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        FlagStore deaf = new FlagStore() {
            @Override
            public String name() {
                return "deaf-store";
            }

            @Override
            public StoredFlag load(String flagKey) {
                loads.incrementAndGet();
                // Ignores interrupts, as a blocked JDBC call may.
                while (true) {
                    try {
                        gate.await();
                        return new StoredFlag(ON, 1);
                    } catch (InterruptedException e) {
                        // keep waiting
                    }
                }
            }
        };
        // A cold timeout longer than the test: a key still loading after close would wait it out.
        flags = FeatureFlags.builder().store(deaf).storeCaching(PATIENT.withColdTimeout(Duration.ofHours(1))).build();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            // More keys than the store has threads: some loads run, the others wait in the queue.
            List<Future<Evaluation<Boolean>>> waiting = IntStream.range(0, 4).mapToObj(i ->
                    callers.submit(() -> flags.evaluateBoolean("slow-" + i, USER, false))).toList();
            await().atMost(Duration.ofSeconds(10)).until(() -> loads.get() == 2);

            flags.close();

            for (Future<Evaluation<Boolean>> answer : waiting) {
                assertThat(answer.get(30, TimeUnit.SECONDS).errorMessage()).contains("the client is closed");
            }
            for (int i = 0; i < 4; i++) {
                assertThat(flags.evaluateBoolean("slow-" + i, USER, false).errorMessage())
                        .contains("the client is closed");
            }
        } finally {
            gate.countDown();
            callers.shutdownNow();
        }
    }

    @Test
    void aFailingKeyNobodyAsksForAgainStopsMakingTheStoreStaleOnceTheStoreIsBack() {
        store.failures.put("typo", new IllegalStateException("canceling statement due to lock timeout"));
        client(PATIENT.withRefreshAfter(Duration.ofMillis(100)));
        List<FlagsStatus> statuses = new CopyOnWriteArrayList<>();
        flags.onStatusChange(statuses::add);
        assertThat(flags.isEnabled("typo", USER)).isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses.stream()
                .anyMatch(status -> status.state() != FlagsStatus.State.READY));

        store.failures.clear();

        // Nobody evaluates the key nor asks for the status: the client finds out by itself.
        await().atMost(Duration.ofSeconds(10)).until(() -> !statuses.isEmpty()
                && statuses.get(statuses.size() - 1).state() == FlagsStatus.State.READY);
        assertThat(store.calls("typo")).isGreaterThanOrEqualTo(2);
    }
}
