package dev.flags.server.usage;

import dev.flags.server.FlagServerProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Flushes the usage counts every {@code flags.server.usage-flush} on one thread of its own, and once at shutdown. */
@Component
class UsageFlusher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(UsageFlusher.class);

    private final FleetUsage usage;
    private final long periodMillis;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running;
    private volatile boolean databaseUp = true;

    UsageFlusher(FleetUsage usage, FlagServerProperties properties) {
        this.usage = usage;
        this.periodMillis = Math.max(1, properties.usageFlush().toMillis());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flags-server-usage");
            thread.setDaemon(true);
            return thread;
        });
    }

    void flush() {
        try {
            usage.flush();
            if (!databaseUp) {
                LOG.info("The database is back; usage counts are written again");
            }
            databaseUp = true;
        } catch (RuntimeException e) {
            if (databaseUp) {
                LOG.warn("Usage counts cannot be written ({}); they are kept in memory for the next try",
                        e.getClass().getSimpleName());
            }
            databaseUp = false;
        }
    }

    @Override
    public void start() {
        running = true;
        scheduler.scheduleWithFixedDelay(this::flush, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdown(); // not shutdownNow: an interrupt closes H2's file channel under a running flush
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    /** Starts before the web server and stops after it, so the last requests' counts make the last flush. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
