package dev.flags.benchmarks.scale;

import dev.flags.FeatureFlags;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The heap a client holds for a 10-flag and a 10,000-flag document ({@link Documents}: three rules each): the
 * used heap after full collections with the client alive, less the same before it was built (the document's text
 * is alive both times, so it is not counted). The median of five builds. JMH has no metric for retained memory,
 * so {@code run.sh} runs this beside it:
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.flags.benchmarks.scale.HeapFootprint [out.json]}</pre>
 *
 * <p>Prints a line per size and, given a path, writes them as JSON for {@code render.py}.
 */
public final class HeapFootprint {

    private static final int[] SIZES = {10, 10_000};
    private static final int ROUNDS = 5;

    private HeapFootprint() {
    }

    public static void main(String[] args) throws IOException {
        List<String> rows = new ArrayList<>();
        for (int flags : SIZES) {
            String document = Documents.json(flags, null);
            long[] retained = new long[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                long before = usedAfterGc();
                FeatureFlags client = build(document);
                retained[round] = usedAfterGc() - before;
                Reference.reachabilityFence(client);
                client.close();
            }
            Arrays.sort(retained);
            long median = retained[ROUNDS / 2];
            System.out.printf(Locale.ROOT, "%,d flags: %.2f MiB retained (median of %d; min %.2f, max %.2f)%n",
                    flags, mib(median), ROUNDS, mib(retained[0]), mib(retained[ROUNDS - 1]));
            rows.add(String.format(Locale.ROOT,
                    "{\"flags\": %d, \"rulesPerFlag\": 3, \"retainedBytes\": %d, \"minBytes\": %d, \"maxBytes\": %d}",
                    flags, median, retained[0], retained[ROUNDS - 1]));
        }
        if (args.length > 0) {
            String json = "{\"benchmark\": \"HeapFootprint\", \"rounds\": " + ROUNDS + ", \"jvm\": \""
                    + System.getProperty("java.vm.version") + "\", \"results\": [\n  "
                    + String.join(",\n  ", rows) + "\n]}\n";
            Files.writeString(Path.of(args[0]), json);
        }
    }

    private static FeatureFlags build(String document) {
        FeatureFlags client = Documents.serve(document);
        if (client.status().flagCount() == 0) {
            throw new IllegalStateException("the document did not load: " + client.status());
        }
        return client;
    }

    /** The used heap once collections stop freeing anything. */
    private static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
