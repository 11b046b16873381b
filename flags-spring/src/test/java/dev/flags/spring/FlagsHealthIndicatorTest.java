package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.FeatureFlags;
import dev.flags.FlagSources;
import dev.flags.InMemoryFlagSource;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class FlagsHealthIndicatorTest {

    @Test
    void isDownBeforeTheFirstDocument() {
        try (FeatureFlags flags = FeatureFlags.builder().source(new InMemoryFlagSource("store")).build()) {
            Health health = new FlagsHealthIndicator(flags, "UP").health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("state", "INITIALIZING").containsEntry("flagCount", 0);
        }
    }

    @Test
    void isUpWhenFresh() {
        try (FeatureFlags flags = FeatureFlags.builder()
                .source(FlagSources.inMemory("revision: 3\nflags: { a: { enabled: true } }")).build()) {
            Health health = new FlagsHealthIndicator(flags, "UP").health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "READY").containsEntry("revision", 3L)
                    .containsEntry("flagCount", 1).containsKey("lastSync").doesNotContainKey("stale");
        }
    }

    @Test
    void isUpWithAStaleDetailWhenServingTheLastGoodDocument() {
        InMemoryFlagSource source = FlagSources.inMemory("flags: { a: { enabled: true } }");
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            source.fail("store answered 503");
            Health health = new FlagsHealthIndicator(flags, "UP").health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("stale", true).containsEntry("state", "STALE");
            assertThat((String) health.getDetails().get("lastError")).contains("store answered 503");
        }
    }

    @Test
    void reportsTheConfiguredStatusWhenStale() {
        InMemoryFlagSource source = FlagSources.inMemory("flags: { a: { enabled: true } }");
        try (FeatureFlags flags = FeatureFlags.builder().source(source).build()) {
            source.fail("store answered 503");
            assertThat(new FlagsHealthIndicator(flags, "OUT_OF_SERVICE").health().getStatus())
                    .isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(new FlagsHealthIndicator(flags, "STALE").health().getStatus().getCode()).isEqualTo("STALE");
        }
    }

    @Test
    void namesEachTrippedGuardWithItsNumbersAndStaysUp() {
        try (FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory(Trips.GUARDED)).build()) {
            assertThat(new FlagsHealthIndicator(flags, "UP").health().getDetails()).doesNotContainKey("trippedGuards");

            Trips.trip(flags, "new-checkout");

            Health health = new FlagsHealthIndicator(flags, "UP").health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).extractingByKey("trippedGuards").asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsOnlyKeys("new-checkout")
                    .hasEntrySatisfying("new-checkout", summary -> assertThat((String) summary)
                            .startsWith("error on 'on' ").contains("beyond 2x at 99% confidence (at 20"));
        }
    }
}
