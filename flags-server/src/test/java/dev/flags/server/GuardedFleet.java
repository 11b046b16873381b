package dev.flags.server;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus;
import dev.flags.remote.HttpFlagSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Issue 18's end-to-end scene: streaming clients with usage reporting evaluate a guarded 50 % rollout, each
 * serving about 50 contexts a second, and track {@code error} for 0.5 % of the contexts on {@code off} and 5 % of
 * those on {@code on} (a 10x regression) from the first evaluation on.
 */
final class GuardedFleet implements AutoCloseable {

    static final String DEFINITION = "{\"default\": {\"rollout\": {\"on\": 50, \"off\": 50}}, \"guard\":"
            + " {\"event\": \"error\", \"variant\": \"on\", \"maxRatio\": 1.5, \"minSamples\": 200}}";

    final String key;
    final List<FeatureFlags> clients = new ArrayList<>();
    private final ScheduledExecutorService traffic;

    /** Starts the clients without traffic yet. */
    GuardedFleet(TestServer server, String key, int size, Duration reportEvery) {
        this.key = key;
        for (int i = 0; i < size; i++) {
            clients.add(FeatureFlags.builder().source(HttpFlagSource
                    .builder(server.uri("/v1/envs/production/document")).bearerToken(TestServer.ADMIN)
                    .pollInterval(Duration.ofHours(1)).streaming(true).usageReporting(reportEvery)
                    .app("fleet-" + i).build()).build());
        }
        traffic = Executors.newScheduledThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "fleet-traffic");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * True when every client is ready at {@code revision} or later. Asked of the status, not by evaluating: an
     * evaluation would count, and a watcher's evaluations would dilute the fleet's error rates.
     */
    boolean ready(long revision) {
        return clients.stream().allMatch(flags -> flags.status().state() == FlagsStatus.State.READY
                && flags.status().revision() != null && flags.status().revision() >= revision);
    }

    /** How many clients serve {@code off}: at the kill's revision or later, or tripped by their own guard. */
    long servingOff(long killRevision) {
        return clients.stream().filter(flags -> {
            FlagsStatus status = flags.status();
            return status.revision() != null && status.revision() >= killRevision
                    || status.trippedGuards().stream().anyMatch(trip -> trip.flag().equals(key));
        }).count();
    }

    /** How many clients tripped their own guard on the flag. */
    long trippedHere() {
        return clients.stream().filter(flags -> flags.status().trippedGuards().stream()
                .anyMatch(trip -> trip.flag().equals(key))).count();
    }

    /** True when every client evaluates the flag to off for 100 contexts (this evaluates: ask it last). */
    boolean allServeOff() {
        return clients.stream().allMatch(flags -> {
            for (int i = 0; i < 100; i++) {
                if (flags.isEnabled(key, FlagContext.of("check-" + i))) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Starts the traffic: each client evaluates a new context every 20 ms and tracks its errors. */
    void start(long seed) {
        for (int i = 0; i < clients.size(); i++) {
            FeatureFlags flags = clients.get(i);
            Random random = new Random(seed * 1000 + i);
            int client = i;
            long[] next = {0};
            traffic.scheduleAtFixedRate(() -> {
                FlagContext user = FlagContext.of("user-" + client + "-" + next[0]++);
                boolean on = flags.isEnabled(key, user);
                if (random.nextDouble() < (on ? 0.05 : 0.005)) {
                    flags.track("error", user);
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        traffic.shutdownNow();
        clients.forEach(FeatureFlags::close);
    }
}
