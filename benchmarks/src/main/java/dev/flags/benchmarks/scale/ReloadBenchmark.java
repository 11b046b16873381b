package dev.flags.benchmarks.scale;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagSources;
import dev.flags.InMemoryFlagSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time from a changed document to the new snapshot answering evaluations, for a client holding 10 or 10,000
 * flags. Each call changes the document (the flag {@code probe} serves the other of two values) and waits until
 * an evaluation returns the new value.
 *
 * <ul>
 *   <li>{@code inMemory}: {@code InMemoryFlagSource.update}, which compiles and publishes on the calling thread:
 *       the engine's own cost (parse, compile, diff, publish);
 *   <li>{@code file}: an atomic rename of a new version over a file that {@code FlagSources.file} follows: what an
 *       operator editing the file sees, file-system notification and the source's 50 ms settle time included.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReloadBenchmark {

    private static final FlagContext USER = FlagContext.of("user-1");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @Param({"10", "10000"})
    public int flags;

    private final String[] documents = new String[2];
    private int turn;
    private InMemoryFlagSource memory;
    private FeatureFlags inMemoryClient;
    private Path directory;
    private Path file;
    private FeatureFlags fileClient;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        documents[0] = Documents.json(flags, "a");
        documents[1] = Documents.json(flags, "b");
        memory = FlagSources.inMemory(documents[0]);
        inMemoryClient = FeatureFlags.builder().source(memory).build();
        directory = Files.createTempDirectory("benchmarks-reload");
        file = directory.resolve("flags.json");
        Files.writeString(file, documents[0]);
        fileClient = FeatureFlags.builder().source(FlagSources.file(file)).build();
        await(inMemoryClient, "a");
        await(fileClient, "a");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        inMemoryClient.close();
        fileClient.close();
        Files.deleteIfExists(file);
        Files.deleteIfExists(directory);
    }

    @Benchmark
    public String inMemory() {
        int next = next();
        memory.update(documents[next]);
        return await(inMemoryClient, probe(next));
    }

    @Benchmark
    public String file() throws IOException {
        int next = next();
        Path temporary = directory.resolve("flags.json.tmp");
        Files.writeString(temporary, documents[next], StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return await(fileClient, probe(next));
    }

    private int next() {
        turn ^= 1;
        return turn;
    }

    private static String probe(int turn) {
        return turn == 0 ? "a" : "b";
    }

    private static String await(FeatureFlags client, String expected) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (true) {
            String value = client.getString("probe", USER, "");
            if (value.equals(expected)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("probe did not become '" + expected + "': " + client.status());
            }
            LockSupport.parkNanos(20_000);
        }
    }
}
