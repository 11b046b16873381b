package dev.flags.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long {@code flags} takes through its launcher, a new JVM each time: {@code flags validate} on a small file and
 * {@code flags kill} against a local server (in this JVM, on the embedded database; a restore before each kill, not
 * timed). Each variant runs the same commands, interleaved so that the machine's load falls on all alike; printed
 * are the medians of wall-clock time and of the JVM's CPU time (user + system). Variants: the launcher without class
 * data sharing ({@code FLAGS_CDS=off}), the launcher as shipped (its archive made first), and with
 * {@code --before DIR} the launcher and jar of an earlier build in DIR. Run by
 * {@code ./mvnw -B -pl flags-cli -am verify -Pfigures -Dfigures.main=dev.flags.cli.LauncherFigures} (README).
 *
 * <p>Arguments: {@code --launcher PATH [--before DIR] [--runs 10]}.
 */
public final class LauncherFigures {

    private static final String FLAG = "launcher-figures";
    private static final Pattern TIME = Pattern.compile("(\\d+)m([\\d.]+)s");

    private LauncherFigures() {
    }

    public static void main(String[] args) throws Exception {
        Path launcher = null;
        Path before = null;
        int runs = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--before" -> before = Path.of(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (launcher == null) {
            throw new IllegalArgumentException("--launcher PATH is needed");
        }
        Map<String, List<String>> variants = new LinkedHashMap<>();
        if (before != null) {
            variants.put("before (" + before + ")", List.of(before.resolve("flags").toString()));
        }
        variants.put("FLAGS_CDS=off", List.of("env", "FLAGS_CDS=off", launcher.toString()));
        variants.put("as shipped", List.of(launcher.toString()));

        System.out.printf("machine: %d cores, load average %s, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                FleetKillFigures.load(), Runtime.version());
        FleetKillFigures.primeLauncher(launcher);
        Path data = Files.createTempDirectory("launcher-figures");
        Path file = Files.writeString(data.resolve("flags.yaml"),
                "flags:\n  new-checkout:\n    description: New checkout\n    enabled: true\n");
        try (ServerFixture server = new ServerFixture(data.resolve("server"))) {
            server.create("production", FLAG, "{\"enabled\": true}");
            Map<String, String> environment = Map.of("FLAGS_URL", server.url, "FLAGS_TOKEN", ServerFixture.ADMIN);
            measure("validate", variants, runs, environment, null, "validate", file.toString());
            measure("kill", variants, runs, environment,
                    () -> server.send("POST", "/v1/envs/production/flags/" + FLAG + "/restore", null),
                    "kill", FLAG, "-m", "figures");
        }
        System.out.printf("load average at the end: %s%n", FleetKillFigures.load());
        System.exit(0);
    }

    private static void measure(String name, Map<String, List<String>> variants, int runs,
            Map<String, String> environment, Runnable before, String... args) throws Exception {
        Map<String, double[][]> times = new LinkedHashMap<>();
        variants.keySet().forEach(variant -> times.put(variant, new double[2][runs]));
        for (int run = 0; run < runs; run++) {
            for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                if (before != null) {
                    before.run();
                }
                double[] one = timed(variant.getValue(), environment, args);
                times.get(variant.getKey())[0][run] = one[0];
                times.get(variant.getKey())[1][run] = one[1];
            }
        }
        for (Map.Entry<String, double[][]> variant : times.entrySet()) {
            System.out.printf("flags %s, %s, %d runs: wall median %.0f ms (min %.0f, max %.0f), CPU median %.0f ms;"
                    + " load %s%n", name, variant.getKey(), runs, median(variant.getValue()[0]),
                    min(variant.getValue()[0]), max(variant.getValue()[0]), median(variant.getValue()[1]),
                    FleetKillFigures.load());
        }
    }

    /** {wall-clock ms, CPU ms} of one command; the shell's {@code times} gives its child's CPU. */
    private static double[] timed(List<String> command, Map<String, String> environment, String... args)
            throws Exception {
        List<String> line = new ArrayList<>(List.of("sh", "-c", "\"$@\" >/dev/null 2>&1 || exit $?; times", "sh"));
        line.addAll(command);
        line.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().putAll(environment);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e6;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", line) + " exited with " + code);
        }
        String[] lines = output.strip().split("\n");
        Matcher children = TIME.matcher(lines[lines.length - 1]);
        double cpu = 0;
        while (children.find()) {
            cpu += Integer.parseInt(children.group(1)) * 60_000 + Double.parseDouble(children.group(2)) * 1000;
        }
        return new double[] {wall, cpu};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
