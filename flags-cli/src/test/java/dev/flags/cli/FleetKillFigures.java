package dev.flags.cli;

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
 * The fleet kill switch measured: one in-process flags-server, N streaming clients, 50 kills by the CLI; for each,
 * the time from the command's start to the last client seeing the flag off, and from the server's commit to it.
 * The command runs as ops run it (the launcher, a new JVM each time) when {@code --launcher PATH} is given, and
 * always in-process too. Run by {@code ./mvnw -B -pl flags-cli -am verify -Pfigures} (see the README).
 *
 * <p>Arguments: {@code [--launcher PATH] [--kills 50] [--warmup 5] [N ...]} (default N: 20 200).
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(20, 200);
        }
        System.out.printf("machine: %d cores, load average %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                load(), Runtime.version());
        for (int size : sizes) {
            measure(size, kills, warmup, launcher);
        }
        System.out.printf("load average at the end: %s%n", load());
        System.exit(0);
    }

    private static void measure(int size, int kills, int warmup, Path launcher) throws Exception {
        Path data = Files.createTempDirectory("fleet-kill-figures");
        try (ServerFixture server = new ServerFixture(data)) {
            server.create("production", FLAG, "{\"enabled\": true}");
            try (Fleet fleet = new Fleet(server.url, "production", ServerFixture.ADMIN, FLAG, size)) {
                waitUntil(fleet::allEnabled);
                List<String> modes = launcher == null ? List.of("in-process") : List.of("launcher", "in-process");
                for (String mode : modes) {
                    double[] fromStart = new double[kills];
                    double[] fromCommit = new double[kills];
                    for (int i = -warmup; i < kills; i++) {
                        double[] one = killOnce(server, fleet, mode, launcher);
                        if (i >= 0) {
                            fromStart[i] = one[0];
                            fromCommit[i] = one[1];
                        }
                    }
                    System.out.printf("N=%d, CLI %s, %d kills: command start -> last client median %.0f ms, p99 %.0f ms"
                            + " (max %.0f); commit -> last client median %.0f ms, p99 %.0f ms (max %.0f); load %s%n",
                            size, mode, kills, median(fromStart), p99(fromStart), max(fromStart), median(fromCommit),
                            p99(fromCommit), max(fromCommit), load());
                }
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

    private static String load() {
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
