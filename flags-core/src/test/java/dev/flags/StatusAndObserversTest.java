package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.flags.FlagsStatus.SourceStatus;
import dev.flags.FlagsStatus.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Status, observers, change listeners, layered sources and overrides, all on in-memory sources: every change
 * applies on the calling thread; listeners hear of it on the client's events thread, which tests await.
 */
class StatusAndObserversTest {

    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    private static final Clock FIXED = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final FlagContext USER = FlagContext.builder("user-42").set("country", "NL").build();

    private static final String REVISION_1 = """
            revision: 1
            flags:
              new-checkout: { enabled: true }
              button-color:
                variants: { blue: blue, green: green }
                default: { serve: green }
            """;

    private static final String REVISION_2 = """
            revision: 2
            flags:
              new-checkout: { enabled: false }
              button-color:
                variants: { blue: blue, green: green }
                default: { serve: blue }
            """;

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }

    private static FeatureFlags client(FlagSource... sources) {
        FeatureFlags.Builder builder = FeatureFlags.builder().clock(FIXED);
        for (FlagSource source : sources) {
            builder.source(source);
        }
        return builder.build();
    }

    @Nested
    class Status {

        @Test
        void isInitializingUntilTheFirstDocument() {
            try (FeatureFlags flags = client(new InMemoryFlagSource("memory"))) {
                FlagsStatus status = flags.status();

                assertThat(status.state()).isEqualTo(State.INITIALIZING);
                assertThat(status.revision()).isNull();
                assertThat(status.flagCount()).isZero();
                assertThat(status.lastSync()).isNull();
                assertThat(status.lastError()).isNull();
            }
        }

        @Test
        void turnsReadyWithTheRevisionFlagCountAndSyncTimeOfTheFirstDocument() {
            InMemoryFlagSource source = new InMemoryFlagSource("memory");
            try (FeatureFlags flags = client(source)) {
                source.update(REVISION_1);

                FlagsStatus status = flags.status();
                assertThat(status.state()).isEqualTo(State.READY);
                assertThat(status.revision()).isEqualTo(1L);
                assertThat(status.flagCount()).isEqualTo(2);
                assertThat(status.lastSync()).isEqualTo(NOW);
                assertThat(status.lastError()).isNull();
            }
        }

        @Test
        void turnsStaleWithTheErrorWhenTheSourceFailsAndKeepsServingTheLastGoodFlags() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                source.fail("store unreachable");

                FlagsStatus status = flags.status();
                assertThat(status.state()).isEqualTo(State.STALE);
                assertThat(status.lastError()).contains("store unreachable");
                assertThat(status.revision()).isEqualTo(1L);
                assertThat(status.flagCount()).isEqualTo(2);
                assertThat(flags.getString("button-color", USER, "red")).isEqualTo("green");
            }
        }

        @Test
        void turnsReadyAgainWhenAValidDocumentArrivesAfterAFailure() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                source.fail("store unreachable");
                source.update(REVISION_2);

                FlagsStatus status = flags.status();
                assertThat(status.state()).isEqualTo(State.READY);
                assertThat(status.revision()).isEqualTo(2L);
                assertThat(status.lastError()).isNull();
                assertThat(flags.getString("button-color", USER, "red")).isEqualTo("blue");
            }
        }

        @Test
        void anInvalidDocumentIsRejectedAndItsProblemNamedInStatus() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                assertThatThrownBy(() -> source.update("flags: { new-checkout: { enabled: maybe } }"))
                        .isInstanceOf(InvalidFlagDocumentException.class);

                FlagsStatus status = flags.status();
                assertThat(status.state()).isEqualTo(State.STALE);
                assertThat(status.lastError()).contains("flags.new-checkout.enabled");
                assertThat(status.revision()).isEqualTo(1L);
                assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
            }
        }

        @Test
        void lastSyncStaysAtTheLastGoodDocumentWhileTheSourceFails() {
            MutableClock clock = new MutableClock(NOW);
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = FeatureFlags.builder().clock(clock).source(source).build()) {
                clock.set(NOW.plusSeconds(60));
                source.fail("store unreachable");
                assertThat(flags.status().lastSync()).isEqualTo(NOW);

                clock.set(NOW.plusSeconds(120));
                source.update(REVISION_2);
                assertThat(flags.status().lastSync()).isEqualTo(NOW.plusSeconds(120));
            }
        }

        @Test
        void aKeptDocumentCountsAsSyncedWhenItWasFetchedNotWhenItWasDelivered() {
            Instant fetched = NOW.minusSeconds(25);
            FlagSource backup = new FlagSource() {
                @Override
                public String name() {
                    return "backup";
                }

                @Override
                public void start(Listener listener) {
                    listener.onDocument(REVISION_1, fetched);
                    listener.onFailure("the store is down", null);
                }

                @Override
                public void close() {
                }
            };
            try (FeatureFlags flags = client(backup)) {
                assertThat(flags.status().lastSync()).isEqualTo(fetched);
                assertThat(flags.status().sources()).singleElement()
                        .satisfies(source -> assertThat(source.lastSync()).isEqualTo(fetched));
            }
        }

        @Test
        void listsTheStatusOfEachSource() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                source.fail("store unreachable");

                assertThat(flags.status().sources()).singleElement().satisfies(memory -> {
                    assertThat(memory.name()).isEqualTo("memory");
                    assertThat(memory.state()).isEqualTo(State.STALE);
                    assertThat(memory.revision()).isEqualTo(1L);
                    assertThat(memory.flagCount()).isEqualTo(2);
                    assertThat(memory.lastSync()).isEqualTo(NOW);
                    assertThat(memory.lastError()).contains("store unreachable");
                });
            }
        }

        @Test
        void toStringIsOneReadableLineWithStateRevisionFlagCountAndError() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                source.fail("store unreachable");

                String line = flags.status().toString();
                assertThat(line)
                        .doesNotContain("\n")
                        .startsWith("STALE")
                        .contains("revision 1", "2 flags", "store unreachable");
            }
        }
    }

    @Nested
    class UnknownFlags {

        @Test
        void evaluationsOfUnknownKeysAreCountedWithTheirKeys() {
            try (FeatureFlags flags = client(FlagSources.inMemory(REVISION_1))) {
                flags.isEnabled("new-chekout", USER);
                flags.isEnabled("new-chekout", USER);
                flags.getString("buton-color", USER, "red");
                flags.isEnabled("new-checkout", USER);

                FlagsStatus status = flags.status();
                assertThat(status.unknownFlagEvaluations()).isEqualTo(3);
                assertThat(status.unknownFlagKeys()).containsExactlyInAnyOrder("new-chekout", "buton-color");
            }
        }

        @Test
        void areNotCountedWhileInitializing() {
            try (FeatureFlags flags = client(new InMemoryFlagSource("memory"))) {
                Evaluation<Boolean> evaluation = flags.evaluateBoolean("new-checkout", USER, false);

                assertThat(evaluation.errorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
                assertThat(flags.status().unknownFlagEvaluations()).isZero();
                assertThat(flags.status().unknownFlagKeys()).isEmpty();
            }
        }

        @Test
        void rememberAtMostAHundredKeysButCountEveryEvaluation() {
            try (FeatureFlags flags = client(FlagSources.inMemory(REVISION_1))) {
                IntStream.range(0, 150).forEach(i -> flags.isEnabled("typo-" + i, USER));

                FlagsStatus status = flags.status();
                assertThat(status.unknownFlagEvaluations()).isEqualTo(150);
                assertThat(status.unknownFlagKeys()).hasSize(FlagsStatus.MAX_UNKNOWN_KEYS);
            }
        }
    }

    @Nested
    class Observers {

        private record Seen(Evaluation<?> evaluation, FlagContext context) {
        }

        private final List<Seen> seen = new CopyOnWriteArrayList<>();
        private final List<FlagsStatus> statuses = new CopyOnWriteArrayList<>();

        private final FlagObserver recorder = new FlagObserver() {
            @Override
            public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                seen.add(new Seen(evaluation, context));
            }

            @Override
            public void onStatusChange(FlagsStatus status) {
                statuses.add(status);
            }
        };

        @Test
        void anObserverFromTheBuilderSeesEveryEvaluationWithItsContext() {
            FlagContext other = FlagContext.of("user-7");
            try (FeatureFlags flags = FeatureFlags.builder().clock(FIXED).source(FlagSources.inMemory(REVISION_1))
                    .observer(recorder).build()) {
                flags.isEnabled("new-checkout", USER);
                flags.getString("button-color", other, "red");
                flags.getLong("button-color", USER, 5L);
                flags.getDouble("missing", USER, 0.5);
                flags.getObject("button-color", USER, "red");
                Evaluation<String> detail = flags.evaluateString("button-color", USER, "red");

                assertThat(seen)
                        .extracting(s -> s.evaluation().flagKey(), s -> s.evaluation().value(),
                                s -> s.evaluation().errorCode(), Seen::context)
                        .containsExactly(
                                tuple("new-checkout", true, null, USER),
                                tuple("button-color", "green", null, other),
                                tuple("button-color", 5L, ErrorCode.TYPE_MISMATCH, USER),
                                tuple("missing", 0.5, ErrorCode.FLAG_NOT_FOUND, USER),
                                tuple("button-color", "green", null, USER),
                                tuple("button-color", "green", null, USER));
                assertThat(seen.get(5).evaluation()).isEqualTo(detail);
            }
        }

        @Test
        void anObserverAddedLaterSeesEvaluationsUntilItsSubscriptionCloses() {
            try (FeatureFlags flags = client(FlagSources.inMemory(REVISION_1))) {
                Subscription subscription = flags.observe(recorder);
                flags.isEnabled("new-checkout", USER);
                subscription.close();
                flags.isEnabled("new-checkout", FlagContext.of("after-close"));

                assertThat(seen).extracting(Seen::context).containsExactly(USER);
            }
        }

        @Test
        void closingOneObserverSubscriptionLeavesAnotherRegistrationOfTheSameObserver() {
            try (FeatureFlags flags = client(FlagSources.inMemory(REVISION_1))) {
                Subscription first = flags.observe(recorder);
                flags.observe(recorder);
                first.close();
                flags.isEnabled("new-checkout", USER);

                assertThat(seen).hasSize(1);
            }
        }

        @Test
        void anObserverIsToldOfEachStateChange() {
            InMemoryFlagSource source = new InMemoryFlagSource("memory");
            try (FeatureFlags flags = FeatureFlags.builder().clock(FIXED).source(source).observer(recorder).build()) {
                source.update(REVISION_1);
                source.fail("store unreachable");
                source.update(REVISION_2);

                eventually().untilAsserted(() -> assertThat(statuses)
                        .extracting(FlagsStatus::state, FlagsStatus::revision)
                        .containsExactly(tuple(State.READY, 1L), tuple(State.STALE, 1L), tuple(State.READY, 2L)));
                assertThat(statuses.get(1).lastError()).contains("store unreachable");
            }
        }

        @Test
        void anObserverThatThrowsNeverMakesEvaluationThrow() {
            FlagObserver broken = new FlagObserver() {
                @Override
                public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                    throw new IllegalStateException("observer bug");
                }
            };
            try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(REVISION_1))
                    .observer(broken).build()) {
                assertThatCode(() -> flags.isEnabled("new-checkout", USER)).doesNotThrowAnyException();
                assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
                assertThat(flags.evaluateString("button-color", USER, "red").value()).isEqualTo("green");
            }
        }

        @Test
        void anObserverThatThrowsDoesNotKeepOthersFromSeeingTheEvaluation() {
            FlagObserver broken = new FlagObserver() {
                @Override
                public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                    throw new IllegalStateException("observer bug");
                }
            };
            try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(REVISION_1))
                    .observer(broken).observer(recorder).build()) {
                flags.isEnabled("new-checkout", USER);

                assertThat(seen).hasSize(1);
            }
        }

        @Test
        void anObserverThatThrowsOnAStatusChangeDoesNotStopTheDocumentApplying() {
            FlagObserver broken = new FlagObserver() {
                @Override
                public void onStatusChange(FlagsStatus status) {
                    throw new IllegalStateException("observer bug");
                }
            };
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = FeatureFlags.builder().source(source).observer(broken).build()) {
                assertThatCode(() -> source.update(REVISION_2)).doesNotThrowAnyException();

                assertThat(flags.status().revision()).isEqualTo(2L);
                assertThat(flags.isEnabled("new-checkout", USER)).isFalse();
            }
        }
    }

    @Nested
    class Layers {

        private final InMemoryFlagSource base = new InMemoryFlagSource("base");
        private final InMemoryFlagSource top = new InMemoryFlagSource("top");

        private static final String BASE = """
                revision: 7
                flags:
                  button-color:
                    variants: { blue: blue, green: green }
                    default: { serve: blue }
                  new-checkout: { enabled: true }
                """;

        private static final String TOP = """
                flags:
                  button-color:
                    variants: { red: red }
                    default: { serve: red }
                """;

        @Test
        void theLaterSourceWinsPerKeyAndTheEvaluationNamesIt() {
            base.update(BASE);
            top.update(TOP);
            try (FeatureFlags flags = client(base, top)) {
                Evaluation<String> color = flags.evaluateString("button-color", USER, "none");
                Evaluation<Boolean> checkout = flags.evaluateBoolean("new-checkout", USER, false);

                assertThat(color.value()).isEqualTo("red");
                assertThat(color.source()).isEqualTo("top");
                assertThat(checkout.value()).isTrue();
                assertThat(checkout.source()).isEqualTo("base");
                assertThat(flags.flagKeys()).containsOnly(
                        entry("button-color", "top"),
                        entry("new-checkout", "base"));
            }
        }

        @Test
        void statusListsEveryLayerLowestFirst() {
            base.update(BASE);
            top.update(TOP);
            try (FeatureFlags flags = client(base, top)) {
                FlagsStatus status = flags.status();

                assertThat(status.sources())
                        .extracting(SourceStatus::name, SourceStatus::state, SourceStatus::revision,
                                SourceStatus::flagCount)
                        .containsExactly(tuple("base", State.READY, 7L, 2), tuple("top", State.READY, null, 1));
                assertThat(status.flagCount()).isEqualTo(2);
                assertThat(status.revision()).isEqualTo(7L);
            }
        }

        @Test
        void aFailingLayerMakesTheClientStaleAndTheErrorNamesIt() {
            base.update(BASE);
            top.update(TOP);
            try (FeatureFlags flags = client(base, top)) {
                top.fail("store unreachable");

                assertThat(flags.status().state()).isEqualTo(State.STALE);
                assertThat(flags.status().lastError()).contains("top", "store unreachable");
                assertThat(flags.getString("button-color", USER, "none")).isEqualTo("red");
            }
        }

        @Test
        void eachLayerKeepsItsOwnLastGoodDocumentWhenTheOtherIsUpdated() {
            base.update(BASE);
            top.update(TOP);
            try (FeatureFlags flags = client(base, top)) {
                top.update("""
                        flags:
                          new-checkout: { enabled: false }
                        """);

                assertThat(flags.getString("button-color", USER, "none")).isEqualTo("blue");
                assertThat(flags.evaluateString("button-color", USER, "none").source()).isEqualTo("base");
                assertThat(flags.isEnabled("new-checkout", USER)).isFalse();

                assertThatThrownBy(() -> base.update("flags: { button-color: { enabled: maybe } }"))
                        .isInstanceOf(InvalidFlagDocumentException.class);
                assertThat(flags.getString("button-color", USER, "none")).isEqualTo("blue");
                assertThat(flags.isEnabled("new-checkout", USER)).isFalse();
            }
        }

        @Test
        void aDocumentWithALowerRevisionThanTheAppliedOneIsIgnored() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_2);
            List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();
            try (FeatureFlags flags = client(source)) {
                flags.onChange(events::add);
                source.update(REVISION_1);

                assertThat(flags.status().revision()).isEqualTo(2L);
                assertThat(flags.getString("button-color", USER, "red")).isEqualTo("blue");
                assertThat(events).isEmpty();
            }
        }
    }

    @Nested
    class ChangeListeners {

        private final List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();

        @Test
        void aListenerIsToldWhichFlagsANewDocumentChangedAndItsRevision() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                flags.onChange(events::add);
                source.update("""
                        revision: 2
                        flags:
                          new-checkout: { enabled: true }
                          button-color:
                            variants: { blue: blue, green: green }
                            default: { serve: blue }
                        """);

                eventually().untilAsserted(() ->
                        assertThat(events).containsExactly(new FlagChangeEvent(Set.of("button-color"), 2L)));
            }
        }

        @Test
        void aDocumentSayingTheSameInAnotherOrderOrFormatChangesNoFlag() {
            InMemoryFlagSource source = FlagSources.inMemory("""
                    segments:
                      beta: { include: [user-1], exclude: [user-9] }
                    flags:
                      color:
                        variants: { red: "#f00", blue: "#00f" }
                        targets: { red: [user-1], blue: [user-2] }
                        rules: [ { when: [ { op: inSegment, values: [beta] } ], serve: blue } ]
                        default: { serve: red }
                    """);
            try (FeatureFlags flags = client(source)) {
                flags.onChange(events::add);
                source.update("""
                        {"flags": {"color": {"default": {"serve": "red"},
                          "rules": [{"serve": "blue", "when": [{"values": ["beta"], "op": "inSegment"}]}],
                          "targets": {"blue": ["user-2"], "red": ["user-1"]},
                          "variants": {"blue": "#00f", "red": "#f00"}, "enabled": true}},
                         "segments": {"beta": {"exclude": ["user-9"], "include": ["user-1"]}}}
                        """);

                assertThat(events).isEmpty();
            }
        }

        @Test
        void onlyFlagsWhoseDefinitionOrSegmentsChangedAreReported() {
            InMemoryFlagSource source = FlagSources.inMemory("""
                    segments:
                      beta: { include: [user-1] }
                    flags:
                      same:
                        variants: { a: 1, b: 2 }
                        default: { rollout: { a: 50, b: 50 } }
                      reordered:
                        variants: { a: 1, b: 2 }
                        default: { rollout: { a: 30, b: 70 } }
                      renumbered:
                        variants: { a: 1, b: 2 }
                        default: { serve: a }
                      in-beta:
                        rules: [ { when: [ { op: inSegment, values: [beta] } ], serve: on } ]
                    """);
            try (FeatureFlags flags = client(source)) {
                flags.onChange(events::add);
                source.update("""
                        segments:
                          beta: { include: [user-1, user-2] }
                        flags:
                          same:
                            variants: { a: 1, b: 2 }
                            default: { rollout: { a: 50, b: 50 } }
                          reordered:
                            variants: { a: 1, b: 2 }
                            default: { rollout: { b: 70, a: 30 } }
                          renumbered:
                            variants: { a: 1.0, b: 2 }
                            default: { serve: a }
                          in-beta:
                            rules: [ { when: [ { op: inSegment, values: [beta] } ], serve: on } ]
                        """);

                // A rollout's weights in another order move users (ranges follow declaration order); a number's
                // spelling and a used segment's members count too.
                eventually().untilAsserted(() -> assertThat(events).containsExactly(
                        new FlagChangeEvent(Set.of("reordered", "renumbered", "in-beta"), null)));
            }
        }

        @Test
        void aListenerThatThrowsDoesNotStopOtherListeners() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                flags.onChange(event -> {
                    throw new IllegalStateException("listener bug");
                });
                flags.onChange(events::add);

                assertThatCode(() -> source.update(REVISION_2)).doesNotThrowAnyException();
                eventually().untilAsserted(() -> assertThat(events).hasSize(1));
            }
        }

        @Test
        void closingTheSubscriptionStopsNotifications() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            try (FeatureFlags flags = client(source)) {
                Subscription subscription = flags.onChange(events::add);
                subscription.close();
                List<FlagChangeEvent> stillListening = new CopyOnWriteArrayList<>();
                flags.onChange(stillListening::add);
                source.update(REVISION_2);

                eventually().untilAsserted(() -> assertThat(stillListening).hasSize(1));
                assertThat(events).isEmpty();
            }
        }

        @Test
        void closingASubscriptionTwiceLeavesAnotherRegistrationOfTheSameListener() {
            InMemoryFlagSource source = FlagSources.inMemory(REVISION_1);
            Consumer<FlagChangeEvent> listener = events::add;
            try (FeatureFlags flags = client(source)) {
                Subscription first = flags.onChange(listener);
                flags.onChange(listener);
                first.close();
                first.close();
                source.update(REVISION_2);

                eventually().untilAsserted(() -> assertThat(events).hasSize(1));
            }
        }
    }

    @Nested
    class OverrideEvents {

        private final List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();

        @SafeVarargs
        private void awaitKeys(Set<String>... keys) {
            eventually().untilAsserted(() ->
                    assertThat(events).extracting(FlagChangeEvent::flagKeys).containsExactly(keys));
        }

        private FeatureFlags listening() {
            FeatureFlags flags = client(FlagSources.inMemory(REVISION_1));
            flags.onChange(events::add);
            return flags;
        }

        @Test
        void settingAnOverrideTellsListenersOfTheKey() {
            try (FeatureFlags flags = listening()) {
                flags.overrides().set("button-color", "blue");

                awaitKeys(Set.of("button-color"));
                assertThat(flags.getString("button-color", USER, "red")).isEqualTo("blue");
            }
        }

        @Test
        void killingAFlagTellsListenersOfTheKey() {
            try (FeatureFlags flags = listening()) {
                flags.overrides().kill("new-checkout");

                awaitKeys(Set.of("new-checkout"));
                assertThat(flags.isEnabled("new-checkout", USER)).isFalse();
            }
        }

        @Test
        void clearingAnOverrideTellsListenersOfTheKey() {
            try (FeatureFlags flags = listening()) {
                flags.overrides().kill("new-checkout");
                awaitKeys(Set.of("new-checkout"));
                events.clear();
                flags.overrides().clear("new-checkout");

                awaitKeys(Set.of("new-checkout"));
                assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
            }
        }

        @Test
        void clearingAllOverridesTellsListenersOfEveryOverriddenKey() {
            try (FeatureFlags flags = listening()) {
                flags.overrides().kill("new-checkout");
                flags.overrides().set("button-color", "blue");
                awaitKeys(Set.of("new-checkout"), Set.of("button-color"));
                events.clear();
                flags.overrides().clearAll();

                awaitKeys(Set.of("new-checkout", "button-color"));
                assertThat(flags.overrides().asMap()).isEmpty();
            }
        }

        @Test
        void asMapShowsEachOverrideWithKilledFlagsMarked() {
            try (FeatureFlags flags = listening()) {
                flags.overrides().set("button-color", "blue");
                flags.overrides().kill("new-checkout");

                assertThat(flags.overrides().asMap()).containsOnly(
                        entry("button-color", "blue"),
                        entry("new-checkout", Overrides.KILLED));
            }
        }

        @Test
        void settingTheSameOverrideAgainTellsNobody() {
            try (FeatureFlags flags = listening()) {
                flags.overrides().set("button-color", "blue");
                awaitKeys(Set.of("button-color"));
                events.clear();
                flags.overrides().set("button-color", "blue");
                flags.overrides().kill("new-checkout");

                // The kill's event follows any the second set would have caused.
                awaitKeys(Set.of("new-checkout"));
            }
        }
    }

}
