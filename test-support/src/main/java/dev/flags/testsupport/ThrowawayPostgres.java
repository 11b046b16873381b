package dev.flags.testsupport;

import dev.flags.testsupport.PostgresServer.Unavailable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of our own for tests, from the local installation: initdb into a temporary directory,
 * {@code pg_ctl start} on 127.0.0.1 on a free port with the unix socket in that directory, as the postgres user
 * when this JVM runs as root (initdb refuses root); stopped and deleted by {@link #stop()} or at JVM exit.
 */
public final class ThrowawayPostgres {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    final Path bin;
    int port;
    private final Path dir;
    private final Switch asPostgres;
    private final Thread stopAtExit = new Thread(this::stop, "stop-throwaway-postgres");
    private boolean stopped;

    private ThrowawayPostgres(Path bin, Path dir, Switch asPostgres) {
        this.bin = bin;
        this.dir = dir;
        this.asPostgres = asPostgres;
    }

    static ThrowawayPostgres start() throws Unavailable {
        Path bin = findBin();
        boolean root = "root".equals(System.getProperty("user.name"));
        Switch asPostgres = root ? switchUser() : Switch.NONE;
        ThrowawayPostgres server;
        try {
            server = new ThrowawayPostgres(bin, temporaryDirectory(root), asPostgres);
        } catch (IOException e) {
            throw new Unavailable("cannot prepare a directory for PostgreSQL: " + e);
        }
        Runtime.getRuntime().addShutdownHook(server.stopAtExit);
        try {
            server.initdb();
            server.startOnFreePort();
            return server;
        } catch (Unavailable e) {
            server.stop();
            throw e;
        }
    }

    private void initdb() throws Unavailable {
        run("initdb", bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", "flags",
                "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync");
    }

    private void startOnFreePort() throws Unavailable {
        Unavailable last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            port = freePort();
            try {
                run("pg_ctl start", bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                        "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                                + " -c synchronous_commit=off -c full_page_writes=off",
                        "start");
                return;
            } catch (Unavailable e) {
                last = e; // most likely the port was taken meanwhile
            }
        }
        throw last;
    }

    /** Stops the server but keeps its data, to test what happens while the database is down. */
    public synchronized void pause() throws Unavailable {
        run("pg_ctl stop", bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(), "-m", "fast",
                "-w", "stop");
    }

    /** Starts the paused server again on the same port. */
    public synchronized void resume() throws Unavailable {
        run("pg_ctl start", bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("server.log").toString(), "-w", "-t", "30", "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c full_page_writes=off",
                "start");
    }

    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // called by the hook itself
        }
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                run("pg_ctl stop", bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
                        "-m", "immediate", "-w", "stop");
            }
        } catch (Unavailable e) {
            System.err.println("could not stop the throwaway PostgreSQL server: " + e.getMessage());
        } finally {
            delete(dir);
        }
    }

    private void run(String what, String... command) throws Unavailable {
        List<String> line = asPostgres.commandLine(List.of(command));
        Path output = dir.resolve("commands.log");
        try {
            Process process = new ProcessBuilder(line).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new Unavailable(what + " did not finish within " + COMMAND_TIMEOUT.toSeconds() + " s"
                        + tail(output) + tail(dir.resolve("server.log")));
            }
            if (process.exitValue() != 0) {
                throw new Unavailable(what + " failed with exit code " + process.exitValue() + ": "
                        + String.join(" ", line) + tail(output) + tail(dir.resolve("server.log")));
            }
        } catch (IOException e) {
            throw new Unavailable(what + " could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(what + " was interrupted");
        }
    }

    private static Path findBin() throws Unavailable {
        Optional<String> configured = PostgresServer.setting("bin");
        if (configured.isPresent()) {
            Path bin = Path.of(configured.get());
            if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
                throw new Unavailable("FLAGS_PG_BIN is " + bin + ", which has no initdb and pg_ctl");
            }
            return bin;
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(ThrowawayPostgres::majorVersion));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // fall through to the PATH
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return Path.of(entry);
            }
        }
        throw new Unavailable("no PostgreSQL installation: no /usr/lib/postgresql/*/bin/initdb and no initdb on"
                + " the PATH (install it with `apt-get install -y postgresql`, or set FLAGS_PG_BIN, or point"
                + " FLAGS_PG_URL at a server)");
    }

    /** initdb refuses to run as root: as root, run the server's commands as the postgres user. */
    private static Switch switchUser() throws Unavailable {
        try {
            Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        } catch (IOException e) {
            throw new Unavailable("running as root and there is no postgres user to run PostgreSQL as");
        }
        for (String runuser : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(runuser))) {
                return command -> {
                    List<String> line = new ArrayList<>(List.of(runuser, "-u", "postgres", "--"));
                    line.addAll(command);
                    return line;
                };
            }
        }
        if (Files.isExecutable(Path.of("/bin/su"))) {
            return command -> List.of("/bin/su", "-s", "/bin/sh", "postgres", "-c",
                    String.join(" ", command.stream().map(ThrowawayPostgres::quoted).toList()));
        }
        throw new Unavailable("running as root and neither runuser nor su is there to run PostgreSQL as postgres");
    }

    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static Path temporaryDirectory(boolean root) throws IOException {
        Path base = Path.of(System.getProperty("java.io.tmpdir"));
        if (root && !Files.getPosixFilePermissions(base).contains(PosixFilePermission.OTHERS_EXECUTE)) {
            base = Path.of("/tmp"); // the postgres user must be able to reach the directory
        }
        Path dir = Files.createTempDirectory(base, "flags-pg-");
        if (root) {
            UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        return dir;
    }

    private static int freePort() throws Unavailable {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new Unavailable("no free port on 127.0.0.1: " + e.getMessage());
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "\n--- " + file.getFileName() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is no reason to fail a test
        }
    }

    /** How a command runs as the postgres user (or as it is, when this JVM is not root). */
    private interface Switch {
        Switch NONE = command -> command;

        List<String> commandLine(List<String> command);
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
