package dev.flags.server.replica;

import dev.flags.server.auth.TokenStore;
import dev.flags.server.store.EnvironmentStore;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows writes made through other replicas: checks the newest revisions every second (and at once when the
 * PostgreSQL listener hears a notification), loads what is newer, and refreshes the tokens. While the database is
 * down it logs once and the server keeps answering reads from memory.
 */
@Component
public class RevisionWatcher implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(RevisionWatcher.class);

    private final EnvironmentStore store;
    private final TokenStore tokens;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running;
    private volatile boolean databaseUp = true;

    public RevisionWatcher(EnvironmentStore store, TokenStore tokens) {
        this.store = store;
        this.tokens = tokens;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "flags-server-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Checks now (on the watcher's thread), as a notification asks. */
    public void checkSoon() {
        if (running) {
            scheduler.execute(this::check);
        }
    }

    void check() {
        try {
            store.refresh();
            tokens.refresh();
            if (!databaseUp) {
                LOG.info("The database is back; following revisions again");
            }
            databaseUp = true;
        } catch (RuntimeException e) {
            if (databaseUp) {
                LOG.warn("The database cannot be reached ({}); serving the last revisions from memory",
                        e.getClass().getSimpleName());
            }
            databaseUp = false;
        }
    }

    @Override
    public void start() {
        running = true;
        scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() {
        running = false;
        scheduler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
