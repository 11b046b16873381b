package dev.flags.server.replica;

import com.zaxxer.hikari.HikariDataSource;
import dev.flags.server.store.RevisionLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On PostgreSQL, {@code LISTEN flags} on a dedicated connection (not from the pool: a listener needs its own
 * session) and asks the {@link RevisionWatcher} to check at once on each notification; reconnects after a failure.
 * Its health is the {@code listener} component.
 */
@Component("listener")
public class PostgresListener implements SmartLifecycle, HealthIndicator {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresListener.class);

    private final HikariDataSource dataSource;
    private final RevisionWatcher watcher;
    private final boolean postgres;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile String lastError;
    private volatile Connection connection;
    private Thread thread;

    public PostgresListener(HikariDataSource dataSource, RevisionWatcher watcher, RevisionLog log) {
        this.dataSource = dataSource;
        this.watcher = watcher;
        this.postgres = log.postgres();
    }

    @Override
    public Health health() {
        if (!postgres) {
            return Health.up().withDetail("listening", "not needed: embedded database, one server").build();
        }
        return listening ? Health.up().withDetail("listening", "flags").build()
                : Health.down().withDetail("error", lastError == null ? "connecting" : lastError).build();
    }

    @Override
    public void start() {
        running = true;
        if (postgres) {
            thread = new Thread(this::listen, "flags-server-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void listen() {
        while (running) {
            try (Connection listener = connect()) {
                connection = listener;
                try (Statement statement = listener.createStatement()) {
                    statement.execute("LISTEN flags");
                }
                listening = true;
                lastError = null;
                watcher.checkSoon(); // anything written while not listening
                PGConnection pg = listener.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        watcher.checkSoon();
                    }
                }
            } catch (SQLException e) {
                listening = false;
                if (running) {
                    if (lastError == null) {
                        LOG.warn("The PostgreSQL listener lost its connection ({}); polling every second meanwhile",
                                e.getClass().getSimpleName());
                    }
                    lastError = e.getClass().getSimpleName() + ": " + e.getSQLState();
                    pause();
                }
            } finally {
                listening = false;
                connection = null;
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (dataSource.getUsername() != null) {
            properties.setProperty("user", dataSource.getUsername());
        }
        if (dataSource.getPassword() != null) {
            properties.setProperty("password", dataSource.getPassword());
        }
        properties.setProperty("ApplicationName", "flags-server listener");
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(dataSource.getJdbcUrl(), properties);
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void stop() {
        running = false;
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException e) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
