package dev.flags.internal;

import dev.flags.FlagChangeEvent;
import dev.flags.FlagObserver;
import dev.flags.FlagsStatus;
import dev.flags.Subscription;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's change and status listeners, and the one daemon thread that tells them ({@code flags-events-N},
 * started when there is something to tell and ended after a minute idle).
 *
 * <p>Writers hand events over while they hold the client's lock, so events queue in the order changes applied;
 * the thread then tells listeners one event at a time. Listeners never run under that lock nor on a writer's
 * thread: a slow listener delays only the events after it, never a source, {@code status()} or an override; a
 * listener that changes an override queues that change's event behind the one it is being told of.
 */
final class Listeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    /**
     * One subscription: told of the events queued while it is subscribed, and of none once it is closed, even
     * when they were queued before.
     */
    private static final class Registration<T> implements Subscription {
        final Consumer<T> listener;
        private final List<Registration<T>> registry;
        volatile boolean active = true;

        Registration(Consumer<T> listener, List<Registration<T>> registry) {
            this.listener = listener;
            this.registry = registry;
        }

        @Override
        public void close() {
            active = false;
            registry.remove(this);
        }
    }

    private final List<Registration<FlagChangeEvent>> changeListeners = new CopyOnWriteArrayList<>();
    private final List<Registration<FlagsStatus>> statusListeners = new CopyOnWriteArrayList<>();
    /** The observers, which hear of status changes too, read when an event is delivered. */
    private final Supplier<FlagObserver[]> observers;
    private final ExecutorService thread = Daemons.pool("flags-events", 1);
    /** The thread telling listeners now, so close() called by a listener does not wait for itself. */
    private volatile Thread delivering;

    Listeners(Supplier<FlagObserver[]> observers) {
        this.observers = observers;
    }

    Subscription onChange(Consumer<FlagChangeEvent> listener) {
        return add(changeListeners, Objects.requireNonNull(listener, "listener"));
    }

    Subscription onStatusChange(Consumer<FlagsStatus> listener) {
        return add(statusListeners, Objects.requireNonNull(listener, "listener"));
    }

    private static <T> Subscription add(List<Registration<T>> registry, Consumer<T> listener) {
        Registration<T> registration = new Registration<>(listener, registry);
        registry.add(registration);
        return registration;
    }

    /** Queues a change event for the listeners subscribed now; called under the client's lock. */
    void changed(FlagChangeEvent event) {
        List<Registration<FlagChangeEvent>> told = List.copyOf(changeListeners);
        submit(() -> tell(told, event, "change"));
    }

    /** Queues a status change for the observers, and the status listeners subscribed now; under the lock. */
    void statusChanged(FlagsStatus status) {
        FlagObserver[] watching = observers.get();
        List<Registration<FlagsStatus>> told = List.copyOf(statusListeners);
        submit(() -> {
            for (FlagObserver observer : watching) {
                try {
                    observer.onStatusChange(status);
                } catch (Throwable e) {
                    log.warn("A flag observer failed on status {}", status, e);
                }
            }
            tell(told, status, "status");
        });
    }

    private static <T> void tell(List<Registration<T>> registrations, T event, String kind) {
        for (Registration<T> registration : registrations) {
            if (registration.active) {
                try {
                    registration.listener.accept(event);
                } catch (Throwable e) {
                    log.warn("A flag {} listener failed on {}", kind, event, e);
                }
            }
        }
    }

    private void submit(Runnable delivery) {
        try {
            thread.execute(() -> {
                delivering = Thread.currentThread();
                try {
                    delivery.run();
                } finally {
                    delivering = null;
                }
            });
        } catch (RejectedExecutionException closed) {
            // The client is closed: nobody is told any more.
        }
    }

    /**
     * Forgets every listener and drops the events not yet told. Waits a little for a listener still running,
     * so that no thread of the client outlives it, unless that listener is the one closing the client.
     */
    @Override
    public void close() {
        changeListeners.forEach(Registration::close);
        statusListeners.forEach(Registration::close);
        thread.shutdownNow();
        if (Thread.currentThread() == delivering) {
            return;
        }
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("A flag listener is still running 5 s after the client closed; its thread is left to end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
