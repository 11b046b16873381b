package dev.flags.openfeature.internal;

import dev.flags.FeatureFlags;
import dev.flags.FlagChangeEvent;
import dev.flags.FlagsStatus;
import dev.flags.Subscription;
import dev.openfeature.sdk.Awaitable;
import dev.openfeature.sdk.ErrorCode;
import dev.openfeature.sdk.ImmutableMetadata;
import dev.openfeature.sdk.ProviderEvent;
import dev.openfeature.sdk.ProviderEventDetails;
import dev.openfeature.sdk.ProviderState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a client's status and flag changes into OpenFeature provider events.
 *
 * <p>The client tells its listeners while holding its own lock, so they only queue a task here. One thread of
 * ours (started on demand, ending when idle) runs the tasks in order and waits for each event to be applied, so
 * OpenFeature sees the states in the order they happened: its own emitter runs events on a pool, in no order.
 * A status task reads the client's current status rather than carrying one, so a late task never reports an old
 * state; an event is emitted only when the OpenFeature state or its message changes.
 */
public final class ProviderEvents {

    private static final Logger log = LoggerFactory.getLogger(ProviderEvents.class);

    private final FeatureFlags flags;
    private final BiFunction<ProviderEvent, ProviderEventDetails, Awaitable> emitter;
    private final ThreadPoolExecutor thread;
    private final Object lock = new Object();

    /** Guarded by lock: initializations not shut down yet. */
    private int initializations;
    /** Guarded by lock. */
    private Subscription statusSubscription;
    /** Guarded by lock. */
    private Subscription changeSubscription;
    /** Guarded by lock: completed once the client has flags. */
    private CompletableFuture<Void> flagsLoaded = new CompletableFuture<>();
    /** False once stopped, so queued tasks of a stopped provider emit nothing. */
    private volatile boolean listening;

    // Confined to the events thread: what OpenFeature was last told, null until initialization ended.
    private ProviderState reported;
    private String reportedMessage;

    public ProviderEvents(FeatureFlags flags, BiFunction<ProviderEvent, ProviderEventDetails, Awaitable> emitter) {
        this.flags = flags;
        this.emitter = emitter;
        this.thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread events = new Thread(task, "flags-openfeature-events");
            events.setDaemon(true);
            return events;
        });
        this.thread.allowCoreThreadTimeOut(true);
    }

    /**
     * Starts following the client, for one more initialization. OpenFeature shuts a replaced provider down on a
     * thread of its own, possibly after it initialized the same provider again (registered anew), so each
     * initialization counts and the provider stops following only when every one has been shut down.
     */
    public void start() {
        synchronized (lock) {
            initializations++;
            if (statusSubscription != null) {
                return;
            }
            listening = true;
            CompletableFuture<Void> loaded = new CompletableFuture<>();
            flagsLoaded = loaded;
            statusSubscription = flags.onStatusChange(status -> {
                if (status.state() != FlagsStatus.State.INITIALIZING) {
                    loaded.complete(null);
                }
                thread.execute(this::sync);
            });
            changeSubscription = flags.onChange(event -> thread.execute(() -> changed(event)));
        }
    }

    /** Waits until the client has flags (it may be ready or stale); false when it has none within the timeout. */
    public boolean awaitFlags(Duration timeout) throws InterruptedException {
        CompletableFuture<Void> loaded;
        synchronized (lock) {
            loaded = flagsLoaded;
        }
        if (flags.status().state() != FlagsStatus.State.INITIALIZING) {
            return true;
        }
        try {
            loaded.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Initialization ended: OpenFeature now takes the provider as ready (or in error, with this message). From
     * here on every change is reported, starting with any difference from that, such as a stale client.
     */
    public void initialized(boolean ready, String message) {
        thread.execute(() -> {
            if (!listening) {
                return;
            }
            reported = ready ? ProviderState.READY : ProviderState.ERROR;
            reportedMessage = message;
            sync();
        });
    }

    /** Ends one initialization; the last one stops following the client and reporting. The client stays open. */
    public void stop() {
        synchronized (lock) {
            initializations = Math.max(0, initializations - 1);
            if (initializations > 0 || statusSubscription == null) {
                return;
            }
            listening = false;
            statusSubscription.close();
            changeSubscription.close();
            statusSubscription = null;
            changeSubscription = null;
            // Queued under the lock, so it runs before anything a later start() queues.
            thread.execute(() -> reported = null);
        }
    }

    /** On the events thread: reports the client's current state if OpenFeature was told another. */
    private void sync() {
        if (!listening || reported == null) {
            return;
        }
        FlagsStatus status = flags.status();
        ProviderState state = switch (status.state()) {
            case READY -> ProviderState.READY;
            case STALE -> ProviderState.STALE;
            case INITIALIZING -> ProviderState.ERROR;
        };
        String message = state == ProviderState.READY ? null : status.lastError();
        if (state == reported && Objects.equals(message, reportedMessage)) {
            return;
        }
        reported = state;
        reportedMessage = message;
        ProviderEventDetails.ProviderEventDetailsBuilder<?, ?> details =
                ProviderEventDetails.builder().message(message);
        switch (state) {
            case READY -> emit(ProviderEvent.PROVIDER_READY, details.build());
            case STALE -> emit(ProviderEvent.PROVIDER_STALE, details.build());
            default -> emit(ProviderEvent.PROVIDER_ERROR, details.errorCode(ErrorCode.PROVIDER_NOT_READY).build());
        }
    }

    /** On the events thread: reports changed flags, unless OpenFeature takes the provider as having none yet. */
    private void changed(FlagChangeEvent event) {
        if (!listening || reported == null || reported == ProviderState.ERROR) {
            return;
        }
        List<String> keys = new ArrayList<>(event.flagKeys());
        Collections.sort(keys);
        ImmutableMetadata.ImmutableMetadataBuilder metadata = ImmutableMetadata.builder();
        if (event.revision() != null) {
            metadata.addLong("revision", event.revision());
        }
        emit(ProviderEvent.PROVIDER_CONFIGURATION_CHANGED, ProviderEventDetails.builder()
                .flagsChanged(keys)
                .message(event.revision() == null ? null : "revision " + event.revision())
                .eventMetadata(metadata.build())
                .build());
    }

    private void emit(ProviderEvent event, ProviderEventDetails details) {
        try {
            emitter.apply(event, details).await();
        } catch (RuntimeException e) {
            log.warn("Could not emit OpenFeature event {}", event, e);
        }
    }
}
