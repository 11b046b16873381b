package dev.flags.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The launcher's training run archives the classes of the normal paths only while its commands succeed. */
class WarmupTest {

    @Test
    void everyCommandOfTheTrainingRunSucceeds() throws Exception {
        assertThat(Warmup.run()).isTrue();
    }
}
