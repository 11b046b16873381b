package dev.flags.testsupport;

import java.util.Locale;
import java.util.Optional;

/**
 * A PostgreSQL server for tests: the one named by {@code FLAGS_PG_URL} (with {@code FLAGS_PG_USER},
 * {@code FLAGS_PG_PASSWORD}; system properties {@code flags.pg.url}, {@code flags.pg.user},
 * {@code flags.pg.password} win over the environment), or else a throwaway one started from the local
 * installation (Debian's {@code postgresql} package: {@code /usr/lib/postgresql/N/bin}, or {@code FLAGS_PG_BIN},
 * or {@code initdb} on the PATH), see {@link ThrowawayPostgres}, stopped on {@link #close()} or at JVM exit.
 */
public final class PostgresServer implements AutoCloseable {

    /** Thrown when no server can be had; the message says why and what would help. */
    public static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    private final String url;
    private final String user;
    private final String password;
    private final String description;
    private final ThrowawayPostgres throwaway;

    private PostgresServer(String url, String user, String password, String description,
            ThrowawayPostgres throwaway) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.description = description;
        this.throwaway = throwaway;
    }

    /** The configured server, or a throwaway one. */
    public static PostgresServer connectOrStart() throws Unavailable {
        Optional<String> url = setting("url");
        if (url.isPresent()) {
            return new PostgresServer(url.get(), setting("user").orElse(null), setting("password").orElse(null),
                    "the server at " + redacted(url.get()) + " (FLAGS_PG_URL)", null);
        }
        ThrowawayPostgres server = ThrowawayPostgres.start();
        return new PostgresServer("jdbc:postgresql://127.0.0.1:" + server.port + "/postgres", "flags", null,
                "a throwaway PostgreSQL server (" + server.bin + ") on 127.0.0.1:" + server.port, server);
    }

    /** True when a CI run is going on, where a server that cannot be had is a failure, not a skip. */
    public static boolean onCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public String toString() {
        return description;
    }

    /** The throwaway server, or null for a configured one. */
    public ThrowawayPostgres throwaway() {
        return throwaway;
    }

    @Override
    public void close() {
        if (throwaway != null) {
            throwaway.stop();
        }
    }

    /** The URL without its parameters and with a password in its authority masked: either may hold a secret. */
    private static String redacted(String url) {
        return url.replaceAll("[?;].*", "").replaceAll("(//[^/:@\\s]+):[^/@\\s]*@", "$1:***@");
    }

    static Optional<String> setting(String name) {
        String value = System.getProperty("flags.pg." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("FLAGS_PG_" + name.toUpperCase(Locale.ROOT));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
