package dev.flags.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;
import dev.flags.FlagsStatus.State;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Usage reporting of a real client: what its evaluations and tracked events become on the wire. */
class UsageClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "s3cr3t-token-value";
    private static final String DOCUMENT = """
            {"revision": 41, "flags": {
              "new-checkout": {"default": {"rollout": {"on": 50, "off": 50}},
                               "guard": {"event": "error", "variant": "on", "maxRatio": 1.5, "minSamples": 1000000}},
              "color": {"variants": {"c": "blue"}, "default": {"serve": "c"}},
              "never-evaluated": {"variants": {"c": "red"}, "default": {"serve": "c"}}}}
            """;

    @Test
    void aReportCarriesEvaluationsAndEventsPerVariantAndNothingAboutTheUsers() throws Exception {
        VirtualTime time = new VirtualTime(Instant.parse("2026-12-07T05:00:00Z"));
        try (UsageServer server = new UsageServer()) {
            server.document = DOCUMENT;
            Map<Boolean, Long> served = new HashMap<>();
            try (FeatureFlags flags = ready(FeatureFlags.builder().source(remote(server, time)).build())) {
                for (int i = 0; i < 200; i++) {
                    FlagContext user = FlagContext.builder("secret-user-" + i)
                            .set("email", "person-" + i + "@private.example")
                            .build();
                    boolean on = flags.isEnabled("new-checkout", user);
                    served.merge(on, 1L, Long::sum);
                    flags.getString("color", user, "none");
                    if (on) {
                        flags.track("error", user);
                    }
                }
                time.advance(Duration.ofSeconds(10));
                await().atMost(WAIT).until(() -> server.posts().size() == 1);
            }

            String json = server.posts().get(0).json();
            assertThat(json).doesNotContain("secret-user", "private.example", TOKEN);
            JsonNode body = JSON.readTree(json);
            assertThat(body.get("app").asString()).isEqualTo("checkout");
            Map<String, JsonNode> byKey = new HashMap<>();
            body.get("flags").forEach(flag -> byKey.put(flag.get("key").asString(), flag));
            assertThat(byKey).containsOnlyKeys("new-checkout", "color");
            JsonNode checkout = byKey.get("new-checkout");
            assertThat(checkout.get("since").asLong()).isEqualTo(41);
            Map<String, JsonNode> variants = new HashMap<>();
            checkout.get("variants").forEach(variant -> variants.put(variant.get("name").asString(), variant));
            assertThat(variants.get("on").get("evaluations").asLong()).isEqualTo(served.get(true));
            assertThat(variants.get("on").at("/events/error").asLong()).isEqualTo(served.get(true));
            assertThat(variants.get("off").get("evaluations").asLong()).isEqualTo(served.get(false));
            assertThat(variants.get("off").at("/events/error").asLong()).isZero();
            assertThat(byKey.get("color").at("/variants/0/evaluations").asLong()).isEqualTo(200);
        }
    }

    @Test
    void evaluationGoesOnWhileReportsAreDropped() throws Exception {
        VirtualTime time = new VirtualTime();
        try (UsageServer server = new UsageServer()) {
            server.document = DOCUMENT;
            server.status = 503;
            try (FeatureFlags flags = ready(FeatureFlags.builder().source(remote(server, time)).build())) {
                for (int interval = 1; interval <= 3; interval++) {
                    assertThat(flags.getString("color", FlagContext.of("user-1"), "none")).isEqualTo("blue");
                    time.advance(Duration.ofSeconds(10));
                    String dropped = Integer.toString(interval);
                    await().atMost(WAIT).until(() -> dropped.equals(
                            flags.status().sources().get(0).details().get("usageDropped")));
                }
                assertThat(flags.status().state()).isEqualTo(State.READY);
                assertThat(flags.getString("color", FlagContext.of("user-1"), "none")).isEqualTo("blue");
            }
        }
    }

    /** The first fetch of a JVM can outlast the start-up wait on a busy machine (the JDK client's TLS set-up). */
    private static FeatureFlags ready(FeatureFlags flags) {
        await().atMost(WAIT).until(() -> flags.status().state() == State.READY);
        return flags;
    }

    /** The README's usage-reporting snippet, on virtual time. */
    private static HttpFlagSource remote(UsageServer server, VirtualTime time) {
        return HttpFlagSource.builder(server.documentUrl())  // https://flags.internal/v1/envs/production/document
                .bearerToken(TOKEN)                           // a read token of the environment suffices
                .usageReporting()                             // every 10 s; or usageReporting(Duration)
                .app("checkout")                              // optional: which application reports
                .timing(time, VirtualTime.BACKOFF)
                .build();
    }
}
