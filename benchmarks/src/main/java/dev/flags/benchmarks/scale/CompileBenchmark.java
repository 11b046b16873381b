package dev.flags.benchmarks.scale;

import dev.flags.FeatureFlags;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * From the text of a 10,000-flag document (three rules each, {@link Documents}) to a client serving it: parsing,
 * validating, compiling every outcome, publishing the snapshot. In JSON and in YAML. With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is what one compile allocates in all; the heap the result holds is measured apart,
 * by {@link HeapFootprint}, since JMH has no metric for retained memory.
 *
 * <p>A compile takes most of a second, so the 3 warm-up iterations of the other benchmarks are 3 or 4 compiles,
 * after which the time was still falling (YAML, in one run of 10 iterations: 1,682 ms in the first, 600-725 from
 * the fifth on); 12 bring it near its floor, though a shared machine still moves it by a third. The first
 * compile in a fresh JVM is measured apart, by {@link ColdCompile}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 12, time = 1)
@Measurement(iterations = 6, time = 1)
public class CompileBenchmark {

    @Param({"10000"})
    public int flags;

    @Param({"json", "yaml"})
    public String format;

    private String document;

    @Setup(Level.Trial)
    public void setUp() {
        document = Documents.of(format, flags);
        if (compile().status().flagCount() != flags) {
            throw new IllegalStateException("the generated document does not hold " + flags + " flags");
        }
    }

    @Benchmark
    public FeatureFlags compile() {
        return Documents.serve(document);
    }
}
