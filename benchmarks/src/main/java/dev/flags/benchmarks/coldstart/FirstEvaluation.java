package dev.flags.benchmarks.coldstart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One cold-start sample, run by {@link ColdStart} in a JVM of its own: builds one library's client on a document
 * of N flags and evaluates {@code flag-0} once. Prints the milliseconds from the first line of {@code main} to
 * that answer, alone on a line. Each library's code is in a class of its own, so that nothing of a library is
 * loaded before the clock starts.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.flags.benchmarks.coldstart.FirstEvaluation LIBRARY FLAGS DIR}</pre>
 */
public final class FirstEvaluation {

    private FirstEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String library = args[0];
        int flags = Integer.parseInt(args[1]);
        Path documents = Path.of(args[2]);
        Sample sample = sample(library, flags, documents);
        sample.firstEvaluation();
        long elapsed = System.nanoTime() - start;
        sample.check(flags);
        sample.close();
        System.out.printf(Locale.ROOT, "%.2f%n", elapsed / 1e6);
    }

    /** The sample of a library ({@link ColdStart}'s names) on the documents of N flags written in a directory. */
    static Sample sample(String library, int flags, Path documents) {
        return switch (library) {
            case "flags-json" -> new FlagsSample(documents.resolve(ColdStartDocuments.flagsJson(flags)));
            case "flags-yaml" -> new FlagsSample(documents.resolve(ColdStartDocuments.flagsYaml(flags)));
            case "launchdarkly" -> new LaunchDarklySample(documents.resolve(ColdStartDocuments.launchDarkly(flags)));
            case "togglz" -> new TogglzSample(flags);
            case "ff4j" -> new Ff4jSample(documents.resolve(ColdStartDocuments.ff4j(flags)));
            default -> throw new IllegalArgumentException("unknown library " + library);
        };
    }

    /** One library's client: built and asked once, then checked outside the measured time. */
    interface Sample extends AutoCloseable {

        /** Builds the client and evaluates {@code flag-0} for user-42 in DE once. */
        void firstEvaluation() throws Exception;

        /** Throws unless the client holds the document's flags. */
        void check(int flags);

        @Override
        void close() throws IOException;
    }
}
