package dev.flags.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingUsageTest {

    private static PendingUsage.Key key(String environment, String variant) {
        return new PendingUsage.Key(environment, "f", 3, variant, "", 0);
    }

    @Test
    void reportsAreSummedUntilDrained() {
        PendingUsage pending = new PendingUsage();
        pending.add(Map.of(key("prod", "on"), 5L), "prod", Map.of("f", 100L), List.of());
        pending.add(Map.of(key("prod", "on"), 7L, key("prod", "off"), 1L), "prod", Map.of("f", 90L),
                List.of(new PendingUsage.Judged("prod", "f", 3)));
        PendingUsage.Drained drained = pending.drain();
        assertThat(drained.counts()).isEqualTo(Map.of(key("prod", "on"), 12L, key("prod", "off"), 1L));
        assertThat(drained.evaluated()).isEqualTo(Map.of("prod", Map.of("f", 100L)));
        assertThat(drained.judged()).containsExactly(new PendingUsage.Judged("prod", "f", 3));
        assertThat(pending.drain().isEmpty()).isTrue();
    }

    @Test
    void aFailedFlushPutsBackOnlyTheEnvironmentsItDidNotWrite() {
        PendingUsage pending = new PendingUsage();
        pending.add(Map.of(key("prod", "on"), 5L), "prod", Map.of("f", 100L), List.of());
        pending.add(Map.of(key("stage", "on"), 2L), "stage", Map.of("f", 100L), List.of());
        PendingUsage.Drained failed = pending.drain();
        pending.add(Map.of(key("stage", "on"), 1L), "stage", Map.of(), List.of());
        pending.restore(failed, Set.of("prod"));
        PendingUsage.Drained next = pending.drain();
        assertThat(next.counts()).isEqualTo(Map.of(key("stage", "on"), 3L));
        assertThat(next.evaluated()).isEqualTo(Map.of("stage", Map.of("f", 100L)));
    }
}
