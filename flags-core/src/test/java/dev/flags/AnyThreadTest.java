package dev.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Evaluation behaves the same from any thread: no thread-local state, an immutable context. */
class AnyThreadTest {

    private static final String DOCUMENT = """
            flags:
              rollout: { default: { rollout: { on: 50, off: 50 } } }
            """;

    private final FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(DOCUMENT)).build();
    private final List<FlagContext> users = IntStream.range(0, 1000).mapToObj(i -> FlagContext.of("user-" + i)).toList();

    @AfterEach
    void close() {
        flags.close();
    }

    private List<Boolean> answers() {
        return users.stream().map(user -> flags.isEnabled("rollout", user)).toList();
    }

    @Test
    void aForkJoinPoolGetsTheSameAnswersAsTheCallingThread() throws Exception {
        List<Boolean> here = answers();

        List<Boolean> parallel = ForkJoinPool.commonPool().submit(
                () -> users.parallelStream().map(user -> flags.isEnabled("rollout", user)).toList()).get();

        assertThat(parallel).isEqualTo(here);
    }

    @Test
    void aVirtualThreadGetsTheSameAnswersAsThePlatformThread() throws Exception {
        Method factory;
        try {
            factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            factory = null;
        }
        assumeTrue(factory != null, "virtual threads need Java 21 or newer");
        List<Boolean> here = answers();

        ExecutorService virtual = (ExecutorService) factory.invoke(null);
        try {
            assertThat(virtual.submit(this::answers).get(10, TimeUnit.SECONDS)).isEqualTo(here);
        } finally {
            virtual.shutdown();
        }
    }
}
