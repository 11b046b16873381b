package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An exception from a {@code @FlagEnabled} method, or from its fallback, is tracked as {@code error} for the
 * context its flag was evaluated with, in a real application context; the exception goes on unchanged.
 */
class MethodErrorTrackingTest {

    private static final String DOCUMENT = """
            flags:
              new-checkout:
                targets: { on: [alice], off: [bob] }
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 50 }
              beta-page:
                enabled: false
            """;

    private final UsageSource source = new UsageSource(DOCUMENT);
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(FlagsAutoConfiguration.class))
            .withPropertyValues("flags.location=")
            .withBean(FeatureFlagsBuilderCustomizer.class, () -> builder -> builder.source(source))
            .withBean(FlagContextResolver.class, () -> CurrentUser::context)
            .withBean(Checkout.class);

    @Test
    void aFailingMethodIsTrackedForTheContextItsFlagWasEvaluatedWithAndRethrownUnchanged() {
        runner.run(context -> {
            Checkout checkout = context.getBean(Checkout.class);

            Throwable thrown = CurrentUser.as("alice", () -> catchThrowable(() -> checkout.pay(true)));

            assertThat(thrown).isSameAs(Checkout.FAILURE);
            assertThat(source.events("new-checkout", "error")).isEqualTo(Map.of("on", 1L));
        });
    }

    @Test
    void aFailingFallbackIsTrackedAgainstTheVariantItServes() {
        runner.run(context -> {
            Checkout checkout = context.getBean(Checkout.class);

            Throwable thrown = CurrentUser.as("bob", () -> catchThrowable(() -> checkout.pay(true)));

            assertThat(thrown).isSameAs(Checkout.FAILURE);
            assertThat(source.events("new-checkout", "error")).isEqualTo(Map.of("off", 1L));
        });
    }

    @Test
    void neitherSuccessNorAnOffFlagIsAnError() {
        runner.run(context -> {
            Checkout checkout = context.getBean(Checkout.class);

            CurrentUser.as("alice", () -> checkout.pay(false));
            CurrentUser.as("alice", () -> catchThrowable(checkout::beta));

            assertThat(source.events("new-checkout", "error")).isEmpty();
        });
    }

    @Test
    void isSwitchedOffByItsProperty() {
        runner.withPropertyValues("flags.guards.track-method-errors=false").run(context -> {
            Checkout checkout = context.getBean(Checkout.class);

            CurrentUser.as("alice", () -> catchThrowable(() -> checkout.pay(true)));

            assertThat(source.events("new-checkout", "error")).isEmpty();
        });
    }

    @Test
    void aMethodThatFailsFarMoreOftenThanItsFallbackTripsTheGuard() {
        runner.run(context -> {
            Checkout checkout = context.getBean(Checkout.class);
            FeatureFlags flags = context.getBean(FeatureFlags.class);

            for (int user = 0; user < 2_000 && flags.status().trippedGuards().isEmpty(); user++) {
                boolean fails = user % 3 == 0;  // the new checkout fails a third of its calls, the classic one never
                CurrentUser.as("user-" + user, () -> catchThrowable(() -> checkout.pay(fails)));
            }

            assertThat(flags.status().trippedGuards()).extracting(FlagsStatus.TrippedGuard::flag)
                    .containsExactly("new-checkout");
            assertThat(CurrentUser.as("alice", () -> checkout.pay(false))).isEqualTo("classic");
        });
    }

    /** A bean whose new checkout fails on demand, and whose classic one fails on demand only when paying twice. */
    static class Checkout {
        static final IllegalStateException FAILURE = new IllegalStateException("payment failed");

        @FlagEnabled(value = "new-checkout", fallback = "classic")
        public String pay(boolean fail) {
            if (fail) {
                throw FAILURE;
            }
            return "new";
        }

        String classic(boolean fail) {
            if (fail && "bob".equals(CurrentUser.context().key())) {
                throw FAILURE;
            }
            return "classic";
        }

        @FlagEnabled("beta-page")
        public String beta() {
            return "beta";
        }
    }

    /** The user the current thread works for, as a resolver of the application's would know it. */
    static final class CurrentUser {
        private static final ThreadLocal<FlagContext> USER = ThreadLocal.withInitial(FlagContext::anonymous);

        static FlagContext context() {
            return USER.get();
        }

        static <T> T as(String user, Supplier<T> work) {
            USER.set(FlagContext.of(user));
            try {
                return work.get();
            } finally {
                USER.remove();
            }
        }
    }
}
