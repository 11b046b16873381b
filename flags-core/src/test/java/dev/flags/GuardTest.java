package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Release guards in one client: {@link FeatureFlags#track} counts events against the variant a guarded flag
 * serves, and a variant that is clearly worse than the others is killed in the client, saying why.
 */
class GuardTest {

    private static final String GUARDED = """
            revision: 7
            flags:
              new-checkout:
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 100 }
              other: { default: { rollout: { on: 50, off: 50 } } }
            """;

    private final InMemoryFlagSource source = FlagSources.inMemory(GUARDED);
    private final CapturingSource capturing = new CapturingSource(source);
    private final FeatureFlags flags = FeatureFlags.builder().source(capturing).build();
    private int checkouts;
    private final List<FlagContext> users = IntStream.range(0, 2_000)
            .mapToObj(i -> FlagContext.of("user-" + i)).toList();

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void aVariantTenTimesWorseIsKilledInTheClientSayingWhy() {
        List<FlagChangeEvent> changes = new CopyOnWriteArrayList<>();
        flags.onChange(changes::add);

        serve(every -> every % 5 == 0, every -> every % 50 == 0);

        Evaluation<Boolean> killed = flags.evaluateBoolean("new-checkout", users.get(0), true);
        assertThat(users).noneMatch(user -> flags.isEnabled("new-checkout", user));
        assertThat(killed.reason()).isEqualTo(Reason.DISABLED);
        assertThat(killed.variant()).isEqualTo("off");
        assertThat(killed.ruleName()).startsWith("guard: error on 'on' ").contains("beyond 2x at 99% confidence");
        FlagsStatus status = flags.status();
        assertThat(status.trippedGuards()).singleElement().satisfies(trip -> {
            assertThat(trip.flag()).isEqualTo("new-checkout");
            assertThat(trip.summary()).isEqualTo(killed.ruleName().substring("guard: ".length()));
        });
        assertThat(status.toString()).contains("guards tripped: [new-checkout (error on 'on' ");
        await().atMost(Duration.ofSeconds(10)).until(() -> changes.stream()
                .anyMatch(change -> change.flagKeys().equals(Set.of("new-checkout"))));
        assertThat(flags.isEnabled("other", users.get(1))).isEqualTo(servesOnWithoutGuard(users.get(1)));
    }

    @Test
    void aClientSaysWhichFlagsAreGuarded() {
        assertThat(flags.isGuarded("new-checkout")).isTrue();
        assertThat(flags.isGuarded("other")).isFalse();
        assertThat(flags.isGuarded("no-such-flag")).isFalse();
        assertThat(flags.isGuarded(null)).isFalse();
    }

    @Test
    void equalRatesDoNotTrip() {
        serve(every -> every % 5 == 0, every -> every % 5 == 0);

        assertThat(flags.status().trippedGuards()).isEmpty();
        assertThat(users).anyMatch(user -> flags.isEnabled("new-checkout", user));
    }

    @Test
    void aTripLastsWhileTheDefinitionStaysAndEndsWithANewOne() {
        serve(every -> every % 5 == 0, every -> every % 50 == 0);
        assertThat(flags.status().trippedGuards()).hasSize(1);

        source.update(GUARDED.replace("revision: 7", "revision: 8").replace("other: {", "another: {"));
        assertThat(flags.status().trippedGuards()).as("another flag's change keeps the trip").hasSize(1);
        assertThat(users).noneMatch(user -> flags.isEnabled("new-checkout", user));

        source.update(GUARDED.replace("revision: 7", "revision: 9").replace("maxRatio: 2", "maxRatio: 3"));
        assertThat(flags.status().trippedGuards()).as("a changed definition starts afresh").isEmpty();
        assertThat(users).anyMatch(user -> flags.isEnabled("new-checkout", user));
    }

    @Test
    void aLocalOverrideBeatsATrippedGuard() {
        serve(every -> every % 5 == 0, every -> every % 50 == 0);
        flags.overrides().set("new-checkout", "on");

        assertThat(flags.evaluateBoolean("new-checkout", users.get(3), false).reason()).isEqualTo(Reason.OVERRIDE);
        flags.overrides().clear("new-checkout");
        assertThat(flags.evaluateBoolean("new-checkout", users.get(3), true).reason()).isEqualTo(Reason.DISABLED);
    }

    @Test
    void trackingIgnoresOtherEventsNullsAndFlagsWithoutAGuard() {
        for (FlagContext user : users) {
            flags.isEnabled("new-checkout", user);
            flags.isEnabled("other", user);
            flags.track("timeout", user);
            flags.track(null, user);
            flags.track("error", null);
        }
        UsageReport report = capturing.usage().drain();
        assertThat(report.flags()).singleElement().satisfies(flag -> {
            assertThat(flag.key()).isEqualTo("new-checkout");
            assertThat(flag.variants()).allMatch(variant -> variant.events().isEmpty());
        });
        assertThat(flags.status().trippedGuards()).isEmpty();
    }

    @Test
    void usageCountsEveryFlagOnceAReporterAsksAndReportsEachCountOnce() {
        UsageCounts usage = capturing.usage();
        usage.countAll();
        for (FlagContext user : users.subList(0, 100)) {
            flags.isEnabled("new-checkout", user);
            flags.isEnabled("other", user);
            flags.track("error", user);
        }

        UsageReport first = usage.drain();
        assertThat(first.flags()).extracting(UsageReport.Flag::key)
                .containsExactlyInAnyOrder("new-checkout", "other");
        assertThat(first.flags()).allMatch(flag -> flag.since() == 7L);
        assertThat(total(first, "other")).isEqualTo(100);
        assertThat(total(first, "new-checkout")).isEqualTo(100);
        assertThat(first.flags().stream().filter(flag -> flag.key().equals("new-checkout"))
                .flatMap(flag -> flag.variants().stream()).mapToLong(variant -> variant.events().get("error"))
                .sum()).isEqualTo(100);
        assertThat(first.flags().stream().filter(flag -> flag.key().equals("other"))
                .flatMap(flag -> flag.variants().stream())).allMatch(variant -> variant.events().isEmpty());
        UsageReport empty = usage.drain();
        assertThat(empty.flags()).as("counted once").isEmpty();

        flags.isEnabled("other", users.get(0));
        source.update(GUARDED.replace("revision: 7", "revision: 8").replace("other: { default: { rollout: "
                + "{ on: 50, off: 50 } } }", "other: { default: { serve: off } }"));
        flags.isEnabled("other", users.get(0));
        UsageReport second = usage.drain();
        assertThat(second.flags()).as("the replaced definition's count, then the new one's")
                .extracting(UsageReport.Flag::key, UsageReport.Flag::since)
                .containsExactlyInAnyOrder(tuple("other", 7L),
                        tuple("other", 8L));
        assertThat(empty.from()).isEqualTo(first.to());
        assertThat(second.from()).isEqualTo(empty.to());
    }

    @Test
    void tripsAreReportedOnce() {
        serve(every -> every % 5 == 0, every -> every % 50 == 0);

        UsageReport report = capturing.usage().drain();
        assertThat(report.trips()).singleElement().satisfies(trip -> {
            assertThat(trip.flag()).isEqualTo("new-checkout");
            assertThat(trip.since()).isEqualTo(7L);
            assertThat(trip.summary()).startsWith("error on 'on' ");
        });
        assertThat(capturing.usage().drain().trips()).isEmpty();
    }

    @Test
    void aDocumentTellsAGuardsMistakesByField() {
        assertThat(FlagDocuments.problems("""
                flags:
                  a: { guard: { event: error, variant: maybe } }
                  b: { guard: { event: error, variant: on, maxRatio: 1, minSamples: 0, confidence: 1 } }
                  c: { guard: { variant: on, window: 5 } }
                  d: { variants: { only: 1 }, default: { serve: only }, guard: { event: "a b", variant: only } }
                """)).extracting(DocumentProblem::flag, DocumentProblem::field).containsExactlyInAnyOrder(
                tuple("a", "guard.variant"),
                tuple("b", "guard.maxRatio"),
                tuple("b", "guard.minSamples"),
                tuple("b", "guard.confidence"),
                tuple("c", "guard.event"),
                tuple("c", "guard.window"),
                tuple("d", "guard.event"),
                tuple("d", "guard.variant"));
    }

    @Test
    void theReadmeExampleTripsTheGuardOfAFailingCheckout() {
        for (FlagContext user : users) {
            try {
                readmeExample(user);
            } catch (IllegalStateException expected) {
                // the checkout failed; the example tracked it
            }
        }
        assertThat(flags.status().trippedGuards()).extracting(FlagsStatus.TrippedGuard::flag)
                .containsExactly("new-checkout");
    }

    private void readmeExample(FlagContext user) {
        boolean useNewCheckout = flags.isEnabled("new-checkout", user);
        try {
            checkout(useNewCheckout);
        } catch (RuntimeException e) {
            flags.track("error", user);
            throw e;
        }
    }

    /** Fails one checkout in five on the new flow, one in fifty on the old. */
    private void checkout(boolean useNewCheckout) {
        if (++checkouts % (useNewCheckout ? 5 : 50) == 0) {
            throw new IllegalStateException("the checkout failed");
        }
    }

    /**
     * Every user is evaluated, then has an event tracked when the test for its variant passes on its index: a
     * regression shows as a test that passes more often for {@code on}.
     */
    private void serve(IntPredicate onEvent, IntPredicate offEvent) {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < users.size(); i++) {
                FlagContext user = users.get(i);
                boolean on = flags.isEnabled("new-checkout", user);
                if (on ? onEvent.test(i + round) : offEvent.test(i + round)) {
                    flags.track("error", user);
                }
            }
        }
    }

    private boolean servesOnWithoutGuard(FlagContext user) {
        try (FeatureFlags plain = FeatureFlags.builder().source(FlagSources.inMemory(GUARDED)).build()) {
            return plain.isEnabled("other", user);
        }
    }

    private static long total(UsageReport report, String key) {
        return report.flags().stream().filter(flag -> flag.key().equals(key))
                .flatMap(flag -> flag.variants().stream()).mapToLong(UsageReport.Variant::evaluations).sum();
    }

    /** A source that keeps the listener its client gave it, to reach the client's usage counts as a reporter does. */
    static final class CapturingSource implements FlagSource {
        private final FlagSource delegate;
        private volatile Listener listener;

        CapturingSource(FlagSource delegate) {
            this.delegate = delegate;
        }

        UsageCounts usage() {
            return listener.usage();
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public void start(Listener listener) {
            this.listener = listener;
            delegate.start(listener);
        }

        @Override
        public Map<String, String> details() {
            return delegate.details();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
