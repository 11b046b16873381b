package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import dev.flags.FlagsStatus.State;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How change listeners, status listeners and observers are called: one event at a time, in the order changes
 * applied, on the client's own thread, never holding up a source, {@code status()} or an override, and whatever
 * they throw (an {@link Error} included) kept from callers and from the client's threads.
 */
class ListenerDeliveryTest {

    private static final FlagContext USER = FlagContext.of("user-42");
    private static final String DOCUMENT = """
            revision: 1
            flags:
              new-checkout: { enabled: true }
              color: { variants: { blue: blue, red: red }, default: { serve: blue } }
            """;

    private final InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
    private final List<FlagChangeEvent> events = new CopyOnWriteArrayList<>();
    private FeatureFlags flags;

    private FeatureFlags client(FlagObserver... observers) {
        FeatureFlags.Builder builder = FeatureFlags.builder().source(source);
        for (FlagObserver observer : observers) {
            builder.observer(observer);
        }
        flags = builder.build();
        return flags;
    }

    @AfterEach
    void close() {
        if (flags != null) {
            flags.close();
        }
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10));
    }

    @Test
    void anObserverThatThrowsAnErrorNeverMakesEvaluationThrow() {
        FlagObserver broken = new FlagObserver() {
            @Override
            public void onEvaluation(Evaluation<?> evaluation, FlagContext context) {
                throw new AssertionError("observer bug");
            }
        };
        client(broken);

        assertThatCode(() -> flags.getString("color", USER, "none")).doesNotThrowAnyException();
        assertThat(flags.getString("color", USER, "none")).isEqualTo("blue");
        assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
        assertThat(flags.evaluateLong("color", USER, 3L).value()).isEqualTo(3L);
    }

    @Test
    void aListenerThatThrowsAnErrorDoesNotKeepTheOthersFromLaterChanges() {
        client();
        flags.onChange(event -> {
            throw new StackOverflowError("listener bug");
        });
        flags.onChange(events::add);

        assertThatCode(() -> flags.overrides().kill("new-checkout")).doesNotThrowAnyException();
        flags.overrides().set("color", "red");

        eventually().untilAsserted(() -> assertThat(events).extracting(FlagChangeEvent::flagKeys)
                .containsExactly(Set.of("new-checkout"), Set.of("color")));
    }

    @Test
    void aListenerThatChangesAnOverrideIsToldOfItOnlyAfterEveryListenerHeardTheChangeBefore() {
        client();
        flags.onChange(event -> {
            if (event.flagKeys().contains("color")) {
                flags.overrides().set("other", "on");
            }
        });
        flags.onChange(events::add);

        flags.overrides().set("color", "red");

        eventually().untilAsserted(() -> assertThat(events).extracting(FlagChangeEvent::flagKeys)
                .containsExactly(Set.of("color"), Set.of("other")));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSlowListenerHoldsUpNeitherStatusNorOverridesNorSources() throws Exception {
        client();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        flags.onChange(event -> {
            entered.countDown();
            awaitQuietly(release);
        });
        flags.onChange(events::add);
        try {
            // Set from another thread, so that before listeners had a thread of their own, that thread (and not
            // this test's) was the one held up.
            CompletableFuture.runAsync(() -> flags.overrides().set("color", "red"));
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            assertThat(flags.status().state()).isEqualTo(State.READY);
            flags.overrides().kill("new-checkout");
            assertThat(flags.overrides().asMap()).containsKeys("color", "new-checkout");
            source.update(DOCUMENT.replace("revision: 1", "revision: 2").replace("serve: blue", "serve: red"));
            assertThat(flags.status().revision()).isEqualTo(2L);
            assertThat(events).isEmpty();
        } finally {
            release.countDown();
        }

        eventually().untilAsserted(() -> assertThat(events).extracting(FlagChangeEvent::flagKeys)
                .containsExactly(Set.of("color"), Set.of("new-checkout"), Set.of("color")));
    }

    @Test
    void aStatusListenerAndAnObserverThatThrowErrorsDoNotStopDocumentsApplying() {
        FlagObserver broken = new FlagObserver() {
            @Override
            public void onStatusChange(FlagsStatus status) {
                throw new AssertionError("observer bug");
            }
        };
        client(broken);
        flags.onStatusChange(status -> {
            throw new NoClassDefFoundError("listener bug");
        });
        List<FlagsStatus> statuses = new CopyOnWriteArrayList<>();
        flags.onStatusChange(statuses::add);

        source.fail("store unreachable");
        source.update(DOCUMENT.replace("revision: 1", "revision: 2"));

        eventually().untilAsserted(() -> assertThat(statuses).extracting(FlagsStatus::state, FlagsStatus::revision)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(State.STALE, 1L),
                        org.assertj.core.groups.Tuple.tuple(State.READY, 2L)));
    }

    @Test
    void anObserverThatThrowsAnErrorOnASyncDoesNotReachTheSource() {
        FlagObserver broken = new FlagObserver() {
            @Override
            public void onSync(String source, Duration took, boolean success) {
                throw new AssertionError("observer bug");
            }
        };
        FlagSource.Listener[] listener = new FlagSource.Listener[1];
        FlagSource syncing = new FlagSource() {
            @Override
            public String name() {
                return "syncing";
            }

            @Override
            public void start(Listener started) {
                listener[0] = started;
            }

            @Override
            public void close() {
            }
        };
        flags = FeatureFlags.builder().source(syncing).observer(broken).build();

        assertThatCode(() -> listener[0].onSync(Duration.ofMillis(5), true)).doesNotThrowAnyException();
    }

    @Test
    void aSourceWhoseStartThrowsAnErrorIsReportedAndTheClientStillBuilds() {
        FlagSource broken = new FlagSource() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void start(Listener listener) {
                throw new NoClassDefFoundError("com/example/Driver");
            }

            @Override
            public void close() {
            }
        };

        flags = FeatureFlags.builder().source(broken).build();

        assertThat(flags.status().lastError()).contains("broken", "could not start", "NoClassDefFoundError");
        assertThat(flags.isEnabled("new-checkout", USER)).isFalse();
    }

    @Test
    void aSourceWhoseDetailsThrowAnErrorStillHasAStatus() {
        FlagSource odd = new FlagSource() {
            @Override
            public String name() {
                return "odd";
            }

            @Override
            public void start(Listener listener) {
                listener.onDocument(DOCUMENT);
            }

            @Override
            public java.util.Map<String, String> details() {
                throw new AssertionError("details bug");
            }

            @Override
            public void close() {
            }
        };

        flags = FeatureFlags.builder().source(odd).build();

        assertThat(flags.status().state()).isEqualTo(State.READY);
        assertThat(flags.status().sources().get(0).details()).containsKey("details");
        assertThat(flags.isEnabled("new-checkout", USER)).isTrue();
    }

    @Test
    void aListenerMayCloseTheClient() {
        client();
        CountDownLatch closed = new CountDownLatch(1);
        flags.onChange(event -> {
            flags.close();
            closed.countDown();
        });

        flags.overrides().kill("new-checkout");

        eventually().until(() -> closed.getCount() == 0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
