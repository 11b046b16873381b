package dev.flags.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.flags.FeatureFlags;
import dev.flags.FlagSource;
import dev.flags.FlagSources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.SecurityContext;

class FlagsEndpointTest {

    private final FeatureFlags flags = FeatureFlags.builder().source(FlagSources.inMemory("""
            revision: 2
            flags:
              new-checkout: { enabled: true }
              dutch-only:
                rules:
                  - name: dutch users
                    when: [ { attribute: country, op: eq, values: [NL] } ]
                    serve: on
                default: { serve: off }
            """)).build();
    private final FlagsEndpoint endpoint = new FlagsEndpoint(flags);

    @AfterEach
    void close() {
        flags.close();
    }

    @Test
    void listsTheStatusAndEveryFlagWithItsSourceAndOverride() {
        flags.overrides().set("new-checkout", "off");
        FlagsEndpoint.FlagsReport report = endpoint.flags();
        assertThat(report.status().state()).isEqualTo("READY");
        assertThat(report.status().revision()).isEqualTo(2L);
        assertThat(report.status().sources()).extracting(FlagsEndpoint.SourceReport::name).containsExactly("memory");
        assertThat(report.flags()).containsOnlyKeys("dutch-only", "new-checkout");
        assertThat(report.flags().get("new-checkout")).isEqualTo(new FlagsEndpoint.FlagSummary("memory", "off"));
        assertThat(report.flags().get("dutch-only").override()).isNull();
    }

    @Test
    void listsTheTrippedGuardsWithTheirNumbers() {
        try (FeatureFlags guarded = FeatureFlags.builder().source(FlagSources.inMemory(Trips.GUARDED)).build()) {
            assertThat(new FlagsEndpoint(guarded).flags().status().trippedGuards()).isEmpty();

            Trips.trip(guarded, "new-checkout");

            assertThat(new FlagsEndpoint(guarded).flags().status().trippedGuards()).singleElement().satisfies(trip -> {
                assertThat(trip.flag()).isEqualTo("new-checkout");
                assertThat(trip.summary()).startsWith("error on 'on' ").contains("beyond 2x");
                assertThat(trip.at()).isNotNull();
            });
        }
    }

    @Test
    void showsWhatEachSourceTellsOfItself() {
        FlagSource withDetails = new FlagSource() {
            @Override
            public String name() {
                return "remote";
            }

            @Override
            public void start(Listener listener) {
                listener.onDocument("flags: { a: { enabled: true } }");
            }

            @Override
            public Map<String, String> details() {
                return Map.of("circuitBreaker", "OPEN", "stream", "reconnecting: dropped");
            }

            @Override
            public void close() {
            }
        };
        try (FeatureFlags remote = FeatureFlags.builder().source(withDetails).build()) {
            FlagsEndpoint.SourceReport source = new FlagsEndpoint(remote).flags().status().sources().get(0);

            assertThat(source.details()).containsExactly(entry("circuitBreaker", "OPEN"),
                    entry("stream", "reconnecting: dropped"));
        }
    }

    @Test
    void evaluatesOneFlagForTheGivenContext() {
        FlagsEndpoint.FlagDetail detail = endpoint.flag("dutch-only", "user-1", List.of("country:NL", "plan=pro"));
        assertThat(detail.source()).isEqualTo("memory");
        assertThat(detail.evaluation().targetingKey()).isEqualTo("user-1");
        assertThat(detail.evaluation().attributes()).containsEntry("country", "NL").containsEntry("plan", "pro");
        assertThat(detail.evaluation().value()).isEqualTo(true);
        assertThat(detail.evaluation().variant()).isEqualTo("on");
        assertThat(detail.evaluation().reason()).isEqualTo("TARGETING_MATCH");
        assertThat(detail.evaluation().rule()).isEqualTo("#0 'dutch users'");
    }

    @Test
    void evaluatesForAnAnonymousContextWithoutParameters() {
        FlagsEndpoint.FlagDetail detail = endpoint.flag("dutch-only", null, null);
        assertThat(detail.evaluation().targetingKey()).isNull();
        assertThat(detail.evaluation().variant()).isEqualTo("off");
        assertThat(detail.evaluation().reason()).isEqualTo("DEFAULT");
    }

    @Test
    void answersNothingForAnUnknownFlag() {
        assertThat(endpoint.flag("no-such-flag", null, null)).isNull();
    }

    @Test
    void rejectsAnAttributeThatIsNotAPair() {
        assertThatThrownBy(() -> endpoint.flag("dutch-only", null, List.of("country")))
                .isInstanceOf(InvalidEndpointRequestException.class);
    }

    @Test
    void setsKillsAndClearsOverrides() {
        assertThat(endpoint.override("new-checkout", "off", null, SecurityContext.NONE).evaluation().reason())
                .isEqualTo("OVERRIDE");
        assertThat(flags.overrides().asMap()).containsEntry("new-checkout", "off");
        endpoint.override("dutch-only", null, "true", SecurityContext.NONE);
        assertThat(flags.overrides().asMap()).containsEntry("dutch-only", "<killed>");
        endpoint.clearOverride("new-checkout", SecurityContext.NONE);
        assertThat(flags.overrides().asMap()).doesNotContainKey("new-checkout");
        endpoint.clearOverrides(SecurityContext.NONE);
        assertThat(flags.overrides().asMap()).isEmpty();
    }

    @Test
    void rejectsAnOverrideWithAMissingVariantOrNeitherVariantNorKill() {
        assertThatThrownBy(() -> endpoint.override("new-checkout", "purple", null, SecurityContext.NONE))
                .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("purple");
        assertThatThrownBy(() -> endpoint.override("new-checkout", null, null, SecurityContext.NONE))
                .isInstanceOf(InvalidEndpointRequestException.class);
        assertThatThrownBy(() -> endpoint.override("new-checkout", "on", "true", SecurityContext.NONE))
                .isInstanceOf(InvalidEndpointRequestException.class);
    }
}
