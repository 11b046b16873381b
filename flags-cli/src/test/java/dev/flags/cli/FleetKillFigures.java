package dev.flags.cli;

import dev.flags.testsupport.PostgresServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fleet kill switch measured: N streaming clients, 50 kills by the CLI; for each, the time from the command's
 * start to the last client seeing the flag off, and from the server's commit to it. Three setups, all in this JVM:
 * one server on the embedded database ({@code h2}), one server on PostgreSQL ({@code postgres}), and one server with
 * two replicas on one PostgreSQL ({@code replicas}: the CLI writes to the first, the clients are split over the two
 * replicas). PostgreSQL is a throwaway one from the local installation (or {@code FLAGS_PG_URL}), a new one per
 * setup. The command runs as ops run it (the launcher, a new JVM each time) when {@code --launcher PATH} is given,
 * and always in-process too. Run by {@code ./mvnw -B -pl flags-cli -am verify -Pfigures} (see the README).
 *
 * <p>Arguments: {@code [--launcher PATH] [--kills 50] [--warmup 5] [--setups h2,postgres,replicas] [N ...]}
 * (default N: 20 200).
 */
public final class FleetKillFigures {

    private static final String FLAG = "fleet-kill";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FleetKillFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = null;
        int kills = 50;
        int warmup = 5;
        List<Integer> sizes = new ArrayList<>();
        List<String> setups = List.of("h2", "postgres", "replicas");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--setups" -> setups = List.of(args[++i].split(","));
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(20, 200);
        }
        System.out.printf("machine: %d cores, load average %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                load(), Runtime.version());
        if (launcher != null) {
            primeLauncher(launcher);
        }
        for (String setup : setups) {
            try (Setup servers = Setup.start(setup)) {
                for (int size : sizes) {
                    measure(servers, size, kills, warmup, launcher);
                }
            }
        }
        System.out.printf("load average at the end: %s%n", load());
        System.exit(0);
    }

    private static void measure(Setup setup, int size, int kills, int warmup, Path launcher) throws Exception {
        try (Fleet fleet = new Fleet(setup.clientUrls(), "production", ServerFixture.ADMIN, FLAG, size)) {
            setup.writer().send("POST", "/v1/envs/production/flags/" + FLAG + "/restore", null); // the last size's kill
            waitUntil(fleet::allEnabled);
            List<String> modes = launcher == null ? List.of("in-process") : List.of("launcher", "in-process");
            for (String mode : modes) {
                double[] fromStart = new double[kills];
                double[] fromCommit = new double[kills];
                for (int i = -warmup; i < kills; i++) {
                    double[] one = killOnce(setup.writer(), fleet, mode, launcher);
                    if (i >= 0) {
                        fromStart[i] = one[0];
                        fromCommit[i] = one[1];
                    }
                }
                System.out.printf("%s, N=%d, CLI %s, %d kills: command start -> last client median %.0f ms, p99 %.0f"
                        + " ms (max %.0f); commit -> last client median %.0f ms, p99 %.0f ms (max %.0f); load %s%n",
                        setup.name(), size, mode, kills, median(fromStart), p99(fromStart), max(fromStart),
                        median(fromCommit), p99(fromCommit), max(fromCommit), load());
            }
        }
    }

    /** The servers of one setup: the CLI writes to the first, the clients read from the others (or the first). */
    private record Setup(String name, List<ServerFixture> servers, PostgresServer postgres)
            implements AutoCloseable {

        static Setup start(String name) throws Exception {
            Path data = Files.createTempDirectory("fleet-kill-figures");
            PostgresServer postgres = name.equals("h2") ? null : PostgresServer.connectOrStart();
            List<ServerFixture> servers = new ArrayList<>();
            try {
                int count = switch (name) {
                    case "h2", "postgres" -> 1;
                    case "replicas" -> 3;
                    default -> throw new IllegalArgumentException("unknown setup " + name
                            + "; expected h2, postgres or replicas");
                };
                for (int i = 0; i < count; i++) {
                    Path dir = data.resolve("server-" + i);
                    servers.add(postgres == null ? new ServerFixture(dir) : ServerFixture.onPostgres(dir, postgres));
                }
            } catch (RuntimeException e) {
                servers.forEach(ServerFixture::close);
                if (postgres != null) {
                    postgres.close();
                }
                throw e;
            }
            Setup setup = new Setup(name, servers, postgres);
            // created once per database; a configured PostgreSQL (FLAGS_PG_URL) may have it from an earlier run
            int created = setup.writer().send("PUT", "/v1/envs/production/flags/" + FLAG,
                    "{\"definition\": {\"enabled\": true}, \"comment\": \"figures\"}", "If-None-Match", "*");
            if (created != 201 && created != 412) {
                throw new IllegalStateException("creating " + FLAG + " answered " + created);
            }
            System.out.printf("setup %s: %d server(s)%s%n", name, servers.size(),
                    postgres == null ? " on the embedded database" : " on " + postgres);
            return setup;
        }

        ServerFixture writer() {
            return servers.get(0);
        }

        List<String> clientUrls() {
            List<ServerFixture> readers = servers.size() == 1 ? servers : servers.subList(1, servers.size());
            return readers.stream().map(server -> server.url).toList();
        }

        @Override
        public void close() {
            servers.forEach(ServerFixture::close);
            if (postgres != null) {
                postgres.close();
            }
        }
    }

    /** One kill after a restore: {command start to last client, commit to last client}, in milliseconds. */
    private static double[] killOnce(ServerFixture server, Fleet fleet, String mode, Path launcher) throws Exception {
        server.send("POST", "/v1/envs/production/flags/" + FLAG + "/restore", null);
        waitUntil(fleet::allEnabled);
        fleet.arm();
        long start = System.nanoTime();
        String output;
        if (mode.equals("launcher")) {
            ProcessBuilder process = new ProcessBuilder(launcher.toString(), "kill", FLAG, "-m", "figures")
                    .redirectErrorStream(true);
            process.environment().put("FLAGS_URL", server.url);
            process.environment().put("FLAGS_TOKEN", ServerFixture.ADMIN);
            Process started = process.start();
            output = new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (started.waitFor() != 0) {
                throw new IllegalStateException("the launcher failed: " + output);
            }
        } else {
            StringWriter out = new StringWriter();
            int code = Flags.run(Map.of("FLAGS_URL", server.url, "FLAGS_TOKEN", ServerFixture.ADMIN), false,
                    new PrintWriter(out), new PrintWriter(out), "kill", FLAG, "-m", "figures");
            output = out.toString();
            if (code != 0) {
                throw new IllegalStateException("the command failed: " + output);
            }
        }
        if (!fleet.awaitAllOff(Duration.ofSeconds(120))) {
            throw new IllegalStateException("not every client saw the kill within 120 s");
        }
        long revision = Long.parseLong(output.replaceAll("(?s).*revision (\\d+).*", "$1"));
        long committed = Instant.parse(JSON.readTree(get(server, "/v1/envs/production/revisions/" + revision))
                .path("time").asString()).toEpochMilli();
        return new double[] {(fleet.lastOffNanos() - start) / 1e6, fleet.lastOffMillis() - committed};
    }

    /**
     * Runs the launcher once and waits for the class data archive its first run makes in the background, so that
     * every measured kill starts as ops' commands do after the first.
     */
    static void primeLauncher(Path launcher) throws Exception {
        new ProcessBuilder(launcher.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg))
                .resolve("flags");
        waitUntil(() -> {
            try (var files = Files.list(cache)) {
                List<String> names = files.map(path -> path.getFileName().toString()).toList();
                return names.stream().anyMatch(name -> name.endsWith(".jsa"))
                        && names.stream().noneMatch(name -> name.endsWith(".lock"));
            } catch (IOException e) {
                return false;
            }
        });
        System.out.printf("launcher primed: class data archive in %s%n", cache);
    }

    private static String get(ServerFixture server, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url + path))
                .header("Authorization", "Bearer " + ServerFixture.ADMIN).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the fleet did not follow within 120 s");
            }
            Thread.sleep(5);
        }
    }

    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Nearest rank: of 50 values, the 50th (the maximum); of 100, the 99th. */
    private static double p99(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
