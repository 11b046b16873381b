package dev.flags.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flags.UsageReport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** What goes into a usage report's body, and what the flag server's limits keep out. */
class UsageBodyTest {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Instant FROM = Instant.parse("2026-12-07T05:00:00Z");
    private static final Instant TO = Instant.parse("2026-12-07T05:00:10Z");

    @Test
    void aReportThatCountedNothingHasNoBody() {
        assertThat(UsageBody.gzipped(new UsageReport(FROM, TO, List.of(), List.of()), "i", null)).isEmpty();
    }

    @Test
    void withoutAnAppNameTheBodyHasNoneAndAFlagWithoutRevisionHasANullSince() throws IOException {
        JsonNode body = only(new UsageReport(FROM, TO, List.of(flag("plain", null, Map.of())), List.of()));

        assertThat(body.has("app")).isFalse();
        assertThat(body.at("/flags/0/since").isNull()).isTrue();
        assertThat(body.get("trips").isEmpty()).isTrue();
    }

    @Test
    void aReportOverTheServersSizeLimitIsSplitWithEveryFlagInExactlyOneBodyAndTheTripsInTheFirst() throws IOException {
        List<UsageReport.Flag> flags = new ArrayList<>();
        for (int i = 0; i < 6_000; i++) {
            // about 300 bytes each: 1.8 MB in all
            flags.add(flag("flag-" + i + "-" + "k".repeat(150), (long) i, Map.of("error", 1L, "timeout", 2L)));
        }
        UsageReport.Trip trip = new UsageReport.Trip("flag-1", 1L, "tripped", TO);

        List<byte[]> bodies = UsageBody.gzipped(new UsageReport(FROM, TO, flags, List.of(trip)), "i", "app");

        assertThat(bodies).hasSizeGreaterThan(1);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            String json = gunzip(bodies.get(i));
            assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(UsageBody.MAX_JSON_BYTES);
            JsonNode body = JSON.readTree(json);
            assertThat(body.get("trips")).hasSize(i == 0 ? 1 : 0);
            assertThat(body.get("from").asString()).isEqualTo("2026-12-07T05:00:00Z");
            body.get("flags").forEach(flag -> keys.add(flag.get("key").asString()));
        }
        assertThat(keys).containsExactlyElementsOf(flags.stream().map(UsageReport.Flag::key).toList());
    }

    @Test
    void moreFlagsThanTheServerTakesInOneReportAreSplitToo() {
        List<UsageReport.Flag> flags = new ArrayList<>();
        for (int i = 0; i < UsageBody.MAX_FLAGS + 1; i++) {
            flags.add(flag("f" + i, 1L, Map.of()));
        }

        assertThat(UsageBody.gzipped(new UsageReport(FROM, TO, flags, List.of()), "i", null)).hasSize(2);
    }

    @Test
    void whatNoBodyMayCarryIsLeftOutInsteadOfHavingTheWholeReportRefused() throws IOException {
        Map<String, Long> events = new LinkedHashMap<>();
        events.put("e".repeat(201), 1L);
        for (int i = 0; i < 20; i++) {
            events.put("event-" + i, (long) i);
        }
        List<UsageReport.Variant> variants = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            variants.add(new UsageReport.Variant("v" + i, i, i == 0 ? events : Map.of()));
        }
        UsageReport report = new UsageReport(FROM, TO, List.of(new UsageReport.Flag("wide", 3L, variants)),
                List.of(new UsageReport.Trip("wide", 3L, "s".repeat(500), TO)));

        JsonNode body = only(report);

        assertThat(body.at("/flags/0/variants")).hasSize(UsageBody.MAX_VARIANTS);
        JsonNode kept = body.at("/flags/0/variants/0/events");
        assertThat(kept).hasSize(UsageBody.MAX_EVENTS);
        assertThat(kept.propertyNames()).allMatch(name -> name.startsWith("event-"));
        assertThat(body.at("/trips/0/summary").asString()).hasSize(UsageBody.MAX_STRING).endsWith("...");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "https://flags.internal/v1/envs/production/document, https://flags.internal/v1/envs/production/usage",
            "https://flags.internal/v1/envs/production/document/, https://flags.internal/v1/envs/production/usage",
            "http://10.0.0.5:8080/flags/v1/envs/dev/document?tenant=a, http://10.0.0.5:8080/flags/v1/envs/dev/usage?tenant=a",
            "https://flags.internal/v1/envs/production/document/stream, ",
            "https://cdn.example.com/flags.json, ",
            "https://flags.internal/v1/envs//document, "})
    void theUsageEndpointLiesBesideAFlagServersDocument(String document, String usage) {
        assertThat(RemoteSettings.usageUrl(URI.create(document))).isEqualTo(usage == null ? null : URI.create(usage));
    }

    private static UsageReport.Flag flag(String key, Long since, Map<String, Long> events) {
        return new UsageReport.Flag(key, since, List.of(new UsageReport.Variant("on", 10, events),
                new UsageReport.Variant("off", 12, Map.of())));
    }

    private static JsonNode only(UsageReport report) throws IOException {
        List<byte[]> bodies = UsageBody.gzipped(report, "instance-1", null);
        assertThat(bodies).hasSize(1);
        return JSON.readTree(gunzip(bodies.get(0)));
    }

    private static String gunzip(byte[] gzipped) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
