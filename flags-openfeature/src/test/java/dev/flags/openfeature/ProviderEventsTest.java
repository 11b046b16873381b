package dev.flags.openfeature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.FlagsStatus;
import dev.flags.InMemoryFlagSource;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.FlagEvaluationDetails;
import dev.openfeature.sdk.ImmutableContext;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderState;
import dev.openfeature.sdk.exceptions.ProviderNotReadyError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's status and flag changes reach OpenFeature's event handlers and provider state. */
class ProviderEventsTest {

    private static final String DOCUMENT = """
            revision: 1
            flags:
              new-checkout: { enabled: false }
              dark-mode: {}
            """;
    private static final String CHANGED = DOCUMENT.replace("revision: 1", "revision: 2")
            .replace("enabled: false", "enabled: true");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ImmutableContext USER = new ImmutableContext("user-42");

    private Registration registration;

    @AfterEach
    void close() {
        registration.close();
    }

    private Registration register(FeatureFlags flags) {
        registration = Registration.of(flags);
        return registration;
    }

    @Test
    void aReadyClientMakesAReadyProvider() {
        register(FeatureFlags.builder().source(FlagSources.inMemory(DOCUMENT)).build());

        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.READY);
        assertThat(Registration.API.getProviderMetadata(registration.domain).getName()).isEqualTo("flags");
    }

    @Test
    void aChangedDocumentIsAConfigurationChangeNamingTheChangedFlags() {
        InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
        register(FeatureFlags.builder().source(source).build());
        List<EventDetails> changes = registration.record(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);

        source.update(CHANGED);

        await().atMost(WAIT).until(() -> !changes.isEmpty());
        EventDetails change = changes.get(0);
        assertThat(change.getFlagsChanged()).containsExactly("new-checkout");
        assertThat(change.getEventMetadata().getLong("revision")).isEqualTo(2L);
        assertThat(change.getProviderName()).isEqualTo("flags");
        assertThat(registration.client.getBooleanValue("new-checkout", false, USER)).isTrue();
    }

    @Test
    void aLocalOverrideIsAConfigurationChange() {
        register(FeatureFlags.builder().source(FlagSources.inMemory(DOCUMENT)).build());
        List<EventDetails> changes = registration.record(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);

        registration.flags.overrides().set("dark-mode", "off");

        await().atMost(WAIT).until(() -> !changes.isEmpty());
        assertThat(changes.get(0).getFlagsChanged()).containsExactly("dark-mode");
    }

    @Test
    void aFailingSourceMakesTheProviderStaleAndItsRecoveryReady() {
        InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
        register(FeatureFlags.builder().source(source).build());
        List<EventDetails> stale = registration.record(ProviderEvent.PROVIDER_STALE);
        List<EventDetails> ready = registration.record(ProviderEvent.PROVIDER_READY);
        await().atMost(WAIT).until(() -> ready.size() == 1); // a handler added while ready runs at once

        source.fail("store unreachable");

        await().atMost(WAIT).until(() -> !stale.isEmpty());
        assertThat(stale.get(0).getMessage()).contains("store unreachable");
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.STALE);
        FlagEvaluationDetails<Boolean> served = registration.client.getBooleanDetails("dark-mode", false, USER);
        assertThat(served.getValue()).isTrue();
        assertThat(served.getErrorCode()).isNull();

        source.update(DOCUMENT);

        await().atMost(WAIT).until(() -> ready.size() == 2);
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.READY);
    }

    @Test
    void aNewErrorWhileStaleIsAnotherStaleEvent() {
        InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
        register(FeatureFlags.builder().source(source).build());
        List<EventDetails> stale = registration.record(ProviderEvent.PROVIDER_STALE);

        source.fail("store unreachable");
        await().atMost(WAIT).until(() -> stale.size() == 1);
        source.fail("store answers 503");

        await().atMost(WAIT).until(() -> stale.size() == 2);
        assertThat(stale).extracting(EventDetails::getMessage)
                .anySatisfy(message -> assertThat(message).contains("store answers 503"));
    }

    @Test
    void aNewRevisionOfAReadyClientIsOnlyAConfigurationChange() {
        InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
        register(FeatureFlags.builder().source(source).build());
        List<EventDetails> ready = registration.record(ProviderEvent.PROVIDER_READY);
        List<EventDetails> changes = registration.record(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);
        List<EventDetails> stale = registration.record(ProviderEvent.PROVIDER_STALE);
        await().atMost(WAIT).until(() -> ready.size() == 1); // a handler added while ready runs at once

        source.update(CHANGED);
        await().atMost(WAIT).until(() -> changes.size() == 1);
        source.fail("store unreachable"); // a later event, to know that any earlier one was delivered

        await().atMost(WAIT).until(() -> stale.size() == 1);
        assertThat(ready).hasSize(1);
    }

    @Test
    void aClientStaleAtInitializationMakesAStaleProvider() {
        InMemoryFlagSource unreachable = new InMemoryFlagSource("remote");
        FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.inMemory(DOCUMENT))
                .source(unreachable)
                .build();
        unreachable.fail("connection refused");
        assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.STALE);

        register(flags);

        await().atMost(WAIT).until(() -> registration.client.getProviderState() == ProviderState.STALE);
        assertThat(registration.client.getBooleanValue("dark-mode", false, USER)).isTrue();
    }

    @Test
    void initializationWaitsForTheFirstFlags() throws Exception {
        InMemoryFlagSource slow = new InMemoryFlagSource("remote");
        FeatureFlags flags = FeatureFlags.builder().source(slow).build();
        registration = Registration.prepare(flags, new FlagsProvider(flags, WAIT));

        CompletableFuture<Void> registered = CompletableFuture.runAsync(registration::register);
        assertThat(registered).isNotDone();
        slow.update(DOCUMENT);

        registered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.READY);
        assertThat(registration.client.getBooleanValue("dark-mode", false, USER)).isTrue();
    }

    @Test
    void noFlagsWithinTheTimeoutIsAProviderErrorUntilFlagsArrive() {
        InMemoryFlagSource down = new InMemoryFlagSource("remote");
        FeatureFlags flags = FeatureFlags.builder().source(down).build();
        registration = Registration.prepare(flags, new FlagsProvider(flags, Duration.ofMillis(50)));
        List<EventDetails> errors = registration.record(ProviderEvent.PROVIDER_ERROR);

        assertThatThrownBy(registration::register)
                .isInstanceOf(ProviderNotReadyError.class)
                .hasMessageContaining("no flags within PT0.05S");

        await().atMost(WAIT).until(() -> errors.size() == 1);
        assertThat(errors.get(0).getMessage()).contains("no flags within PT0.05S");
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.ERROR);
        FlagEvaluationDetails<Boolean> notReady = registration.client.getBooleanDetails("dark-mode", false, USER);
        assertThat(notReady.getErrorCode()).isEqualTo(ErrorCode.PROVIDER_NOT_READY);
        assertThat(notReady.getReason()).isEqualTo("ERROR");

        down.fail("connection refused");

        await().atMost(WAIT).until(() -> errors.size() == 2);
        // The provider sets PROVIDER_NOT_READY as the event's error code, but SDK 1.22 does not pass error codes
        // on to handlers (open-feature/java-sdk#2014).
        assertThat(errors.get(1).getMessage()).contains("connection refused");

        List<EventDetails> ready = registration.record(ProviderEvent.PROVIDER_READY);
        down.update(DOCUMENT);

        await().atMost(WAIT).until(() -> ready.size() == 1);
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.READY);
        assertThat(registration.client.getBooleanValue("dark-mode", false, USER)).isTrue();
    }

    @Test
    void shutdownLeavesTheClientOpen() {
        InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
        FeatureFlags flags = FeatureFlags.builder().source(source).build();
        register(flags);

        Registration.API.setProviderAndWait(registration.domain, new NoOpProvider());
        source.update(CHANGED);

        assertThat(flags.status().state()).isEqualTo(FlagsStatus.State.READY);
        assertThat(flags.status().revision()).isEqualTo(2L);
        assertThat(flags.isEnabled("new-checkout", FlagContext.of("user-42"))).isTrue();
    }

    @Test
    void aProviderShutDownCanBeRegisteredAgain() {
        InMemoryFlagSource source = FlagSources.inMemory(DOCUMENT);
        register(FeatureFlags.builder().source(source).build());
        Registration.API.setProviderAndWait(registration.domain, new NoOpProvider());

        registration.register();
        List<EventDetails> changes = registration.record(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED);
        source.update(CHANGED);

        await().atMost(WAIT).until(() -> !changes.isEmpty());
        assertThat(changes.get(0).getFlagsChanged()).containsExactly("new-checkout");
        assertThat(registration.client.getProviderState()).isEqualTo(ProviderState.READY);
    }
}
