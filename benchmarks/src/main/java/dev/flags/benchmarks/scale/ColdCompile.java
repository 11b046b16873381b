package dev.flags.benchmarks.scale;

import dev.flags.FeatureFlags;
import dev.flags.InMemoryFlagSource;
import java.util.Locale;

/**
 * The first compile of a 10,000-flag document in a JVM that has compiled none before: what a service pays at
 * start-up, before the JIT has warmed to the steady state {@link CompileBenchmark} measures. One JVM gives one
 * figure, so {@code run.sh} starts several and takes the median:
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.flags.benchmarks.scale.ColdCompile json|yaml}</pre>
 *
 * <p>Prints the milliseconds from {@code update(text)} to the client serving the document, alone on a line.
 */
public final class ColdCompile {

    private static final int FLAGS = 10_000;

    private ColdCompile() {
    }

    public static void main(String[] args) {
        String format = args.length > 0 ? args[0] : "json";
        String document = Documents.of(format, FLAGS);
        // Not Documents.serve: the figure is update() alone. In a fresh JVM the first client build loads and
        // initialises the client's classes, a start-up cost that is not the compile and that the figures
        // recorded so far leave out.
        InMemoryFlagSource source = new InMemoryFlagSource("memory");
        try (FeatureFlags client = FeatureFlags.builder().source(source).build()) {
            long start = System.nanoTime();
            source.update(document);
            long elapsed = System.nanoTime() - start;
            if (client.status().flagCount() != FLAGS) {
                throw new IllegalStateException("the document did not load: " + client.status());
            }
            System.out.printf(Locale.ROOT, "%.1f%n", elapsed / 1e6);
        }
    }
}
