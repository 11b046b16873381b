package dev.flags.openfeature;

import dev.flags.FeatureFlags;
import dev.openfeature.sdk.Client;
import dev.openfeature.sdk.EventDetails;
import dev.openfeature.sdk.NoOpProvider;
import dev.openfeature.sdk.OpenFeatureAPI;
import dev.openfeature.sdk.ProviderEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link FlagsProvider} registered with OpenFeature's global API under a domain of its own, so that tests do
 * not share the API's state. Closing it replaces the provider with a no-op one (which shuts ours down) and
 * closes the flags client.
 */
final class Registration implements AutoCloseable {

    static final OpenFeatureAPI API = OpenFeatureAPI.getInstance();

    final FeatureFlags flags;
    final FlagsProvider provider;
    final String domain = "test-" + UUID.randomUUID();
    final Client client = API.getClient(domain);

    private Registration(FeatureFlags flags, FlagsProvider provider) {
        this.flags = flags;
        this.provider = provider;
    }

    /** Registers a provider over this client and waits for its initialization, as an application would. */
    static Registration of(FeatureFlags flags) {
        Registration registration = prepare(flags, new FlagsProvider(flags));
        registration.register();
        return registration;
    }

    /** Prepares a registration of this provider without registering it yet, so handlers can be added first. */
    static Registration prepare(FeatureFlags flags, FlagsProvider provider) {
        return new Registration(flags, provider);
    }

    void register() {
        API.setProviderAndWait(domain, provider);
    }

    /** Records the events of one type that this registration's client sees. */
    List<EventDetails> record(ProviderEvent event) {
        List<EventDetails> events = new CopyOnWriteArrayList<>();
        client.on(event, events::add);
        return events;
    }

    @Override
    public void close() {
        API.setProviderAndWait(domain, new NoOpProvider());
        flags.close();
    }
}
