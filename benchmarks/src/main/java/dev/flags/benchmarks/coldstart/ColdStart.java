package dev.flags.benchmarks.coldstart;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Cold-start figures: the time from {@code main} to the first evaluation, in a fresh JVM per sample, for this
 * library (JSON and YAML documents) beside LaunchDarkly, Togglz and FF4J, on 1- and 1,000-flag documents. Each
 * round runs every (library, size) once, in a shuffled order, so that the machine's load falls on all alike.
 * The child JVMs run {@link FirstEvaluation} on this JVM's class path, with no JVM options.
 *
 * <pre>{@code
 * java -cp benchmarks/target/benchmarks.jar dev.flags.benchmarks.coldstart.ColdStart [ROUNDS] [--before JAR] [--flags 1,1000]
 * }</pre>
 *
 * <p>{@code --flags} sets the document sizes (default 1 and 1,000).
 * <p>{@code --before JAR} adds this library once more with JAR (a flags-core jar of another commit) first on the
 * class path, labelled {@code (before)}: both versions in the same run. Prints each sample, then per library and
 * size the median and range of main-to-first-evaluation and of the whole child process (JVM start to exit), and
 * the median's ratio to LaunchDarkly's.
 */
public final class ColdStart {

    static final List<String> LIBRARIES = List.of("flags-json", "flags-yaml", "launchdarkly", "togglz", "ff4j");
    private static final String BEFORE = " (before)";

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        String before = null;
        List<Integer> sizes = List.of(1, 1_000);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--before")) {
                before = args[++i];
            } else if (args[i].equals("--flags")) {
                sizes = Arrays.stream(args[++i].split(",")).map(Integer::valueOf).toList();
            } else {
                rounds = Integer.parseInt(args[i]);
            }
        }
        Path documents = Files.createTempDirectory("flags-coldstart");
        for (int size : sizes) {
            ColdStartDocuments.write(documents, size);
        }
        List<String> libraries = new ArrayList<>(LIBRARIES);
        if (before != null) {
            libraries.add("flags-json" + BEFORE);
            libraries.add("flags-yaml" + BEFORE);
        }
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (String library : libraries) {
            for (int size : sizes) {
                samples.put(key(library, size), new ArrayList<>());
            }
        }
        List<String> order = new ArrayList<>(samples.keySet());
        Random random = new Random(42);
        for (int round = 1; round <= rounds; round++) {
            Collections.shuffle(order, random);
            for (String key : order) {
                String library = key.substring(0, key.lastIndexOf(' '));
                int size = Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1));
                double[] sample = run(library, size, documents, before);
                samples.get(key).add(sample);
                System.out.printf(Locale.ROOT, "round %d %-22s %5d flags: main to first evaluation %8.1f ms, "
                        + "process %8.1f ms, load %s%n", round, library, size, sample[0], sample[1], load());
            }
        }
        print(samples);
        try (var files = Files.list(documents)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(documents);
    }

    private static String key(String library, int size) {
        return library + " " + size;
    }

    /** One sample: {main to first evaluation, whole process}, in milliseconds. */
    private static double[] run(String library, int size, Path documents, String before)
            throws IOException, InterruptedException {
        String classPath = System.getProperty("java.class.path");
        String name = library;
        if (library.endsWith(BEFORE)) {
            classPath = before + File.pathSeparator + classPath;
            name = library.substring(0, library.length() - BEFORE.length());
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", classPath,
                FirstEvaluation.class.getName(), name, String.valueOf(size), documents.toString())
                .redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = process.waitFor();
        double wall = (System.nanoTime() - start) / 1e6;
        String last = output.substring(output.lastIndexOf('\n') + 1);
        if (exit != 0 || !last.matches("[0-9.]+")) {
            throw new IllegalStateException(library + " " + size + " failed (exit " + exit + "):\n" + output);
        }
        return new double[] {Double.parseDouble(last), wall};
    }

    private static String load() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    }

    private static void print(Map<String, List<double[]>> samples) throws IOException {
        System.out.printf(Locale.ROOT, "%nload average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.println("| library | flags | main to first evaluation, median ms | range ms | / LaunchDarkly "
                + "| whole process, median ms | range ms | / LaunchDarkly | JVMs |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (var entry : samples.entrySet()) {
            String key = entry.getKey();
            int size = Integer.parseInt(key.substring(key.lastIndexOf(' ') + 1));
            List<double[]> mine = entry.getValue();
            List<double[]> launchDarkly = samples.get(key("launchdarkly", size));
            System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f - %.0f | %.2f | %.0f | %.0f - %.0f | %.2f | %d |%n",
                    key.substring(0, key.lastIndexOf(' ')), size,
                    median(mine, 0), min(mine, 0), max(mine, 0), median(mine, 0) / median(launchDarkly, 0),
                    median(mine, 1), min(mine, 1), max(mine, 1), median(mine, 1) / median(launchDarkly, 1),
                    mine.size());
        }
    }

    private static double median(List<double[]> samples, int field) {
        double[] values = samples.stream().mapToDouble(sample -> sample[field]).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    private static double min(List<double[]> samples, int field) {
        return samples.stream().mapToDouble(sample -> sample[field]).min().orElse(Double.NaN);
    }

    private static double max(List<double[]> samples, int field) {
        return samples.stream().mapToDouble(sample -> sample[field]).max().orElse(Double.NaN);
    }
}
