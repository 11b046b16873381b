package dev.flags.cli;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.remote.HttpFlagSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * N applications' clients in this JVM, each a {@link FeatureFlags} over its own streaming {@link HttpFlagSource}
 * (polling every hour, so only the stream can bring a change quickly), and the moment each one saw a flag turn off.
 * Given several servers (replicas), client i reads from server i modulo their number.
 */
final class Fleet implements AutoCloseable {

    private static final FlagContext USER = FlagContext.of("user-42");

    private final List<FeatureFlags> clients = new ArrayList<>();
    private final String flag;
    private final long[] offNanos;
    private final long[] offMillis;
    private volatile CountDownLatch off = new CountDownLatch(0);

    Fleet(String url, String environment, String token, String flag, int size) {
        this(List.of(url), environment, token, flag, size);
    }

    Fleet(List<String> urls, String environment, String token, String flag, int size) {
        this.flag = flag;
        this.offNanos = new long[size];
        this.offMillis = new long[size];
        for (int i = 0; i < size; i++) {
            FeatureFlags client = FeatureFlags.builder().source(HttpFlagSource
                    .builder(URI.create(urls.get(i % urls.size()) + "/v1/envs/" + environment + "/document"))
                    .bearerToken(token)
                    .pollInterval(Duration.ofHours(1)).streaming(true).startupWait(Duration.ofSeconds(60)).build())
                    .build();
            int index = i;
            client.onChange(event -> {
                if (!client.isEnabled(flag, USER)) {
                    seenOff(index);
                }
            });
            clients.add(client);
        }
    }

    private synchronized void seenOff(int index) {
        if (offNanos[index] == 0 && off.getCount() > 0) {
            offNanos[index] = System.nanoTime();
            offMillis[index] = System.currentTimeMillis();
            off.countDown();
        }
    }

    /** Starts watching for the next kill: every client's moment is forgotten. */
    synchronized void arm() {
        java.util.Arrays.fill(offNanos, 0);
        java.util.Arrays.fill(offMillis, 0);
        off = new CountDownLatch(clients.size());
    }

    /** Waits until every client has seen the flag off since {@link #arm()}; false after the timeout. */
    boolean awaitAllOff(Duration timeout) throws InterruptedException {
        return off.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean allEnabled() {
        return clients.stream().allMatch(client -> client.isEnabled(flag, USER));
    }

    boolean noneEnabled() {
        return clients.stream().noneMatch(client -> client.isEnabled(flag, USER));
    }

    /** The {@link System#nanoTime()} at which the last client saw the flag off. */
    synchronized long lastOffNanos() {
        return java.util.Arrays.stream(offNanos).max().orElse(0);
    }

    /** The wall-clock millisecond at which the last client saw the flag off. */
    synchronized long lastOffMillis() {
        return java.util.Arrays.stream(offMillis).max().orElse(0);
    }

    @Override
    public void close() {
        clients.forEach(FeatureFlags::close);
    }
}
