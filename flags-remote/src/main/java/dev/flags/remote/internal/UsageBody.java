package dev.flags.remote.internal;

import dev.flags.UsageReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * A usage report as the flag server reads it ({@code POST /v1/envs/{env}/usage}): JSON, gzip'd, within the
 * server's limits. A report over them is split into several bodies (same instance and period, the flags shared
 * out, the trips in the first) rather than refused whole; what no body may carry (an event name over 200
 * characters, events past the 16th of a variant, variants past the 64th) is left out. Only keys, variant and
 * event names, counts and guard summaries go in: a report holds nothing about the users evaluated.
 */
final class UsageBody {

    /** The server's limits (the contract of issue 18). */
    static final int MAX_JSON_BYTES = 1 << 20;
    static final int MAX_FLAGS = 10_000;
    static final int MAX_VARIANTS = 64;
    static final int MAX_EVENTS = 16;
    static final int MAX_STRING = 200;

    private static final JsonFactory JSON = new JsonFactory();

    private UsageBody() {
    }

    /** The gzip'd bodies that carry this report: none when it counted nothing, usually one. */
    static List<byte[]> gzipped(UsageReport report, String instance, String app) {
        if (report.isEmpty()) {
            return List.of();
        }
        List<byte[]> bodies = new ArrayList<>();
        split(report, instance, app, bodies);
        return bodies;
    }

    private static void split(UsageReport report, String instance, String app, List<byte[]> bodies) {
        List<UsageReport.Flag> flags = report.flags();
        if (flags.size() <= MAX_FLAGS) {
            byte[] json = json(report, instance, app);
            if (json.length <= MAX_JSON_BYTES || flags.size() <= 1) {
                bodies.add(gzip(json));
                return;
            }
        }
        int half = flags.size() / 2;
        split(new UsageReport(report.from(), report.to(), flags.subList(0, half), report.trips()), instance, app,
                bodies);
        split(new UsageReport(report.from(), report.to(), flags.subList(half, flags.size()), List.of()), instance,
                app, bodies);
    }

    /** The report as the contract's JSON, not compressed. */
    static byte[] json(UsageReport report, String instance, String app) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 128 * report.flags().size());
        try (JsonGenerator json = JSON.createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringProperty("instance", instance);
            if (app != null) {
                json.writeStringProperty("app", app);
            }
            json.writeStringProperty("from", report.from().toString());
            json.writeStringProperty("to", report.to().toString());
            json.writeArrayPropertyStart("flags");
            for (UsageReport.Flag flag : report.flags()) {
                writeFlag(json, flag);
            }
            json.writeEndArray();
            json.writeArrayPropertyStart("trips");
            for (UsageReport.Trip trip : report.trips()) {
                json.writeStartObject();
                json.writeStringProperty("flag", trip.flag());
                writeSince(json, trip.since());
                json.writeStringProperty("summary", cut(trip.summary()));
                json.writeStringProperty("at", trip.at().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return bytes.toByteArray();
    }

    private static void writeFlag(JsonGenerator json, UsageReport.Flag flag) {
        json.writeStartObject();
        json.writeStringProperty("key", flag.key());
        writeSince(json, flag.since());
        json.writeArrayPropertyStart("variants");
        for (UsageReport.Variant variant : first(flag.variants(), MAX_VARIANTS)) {
            json.writeStartObject();
            json.writeStringProperty("name", variant.name());
            json.writeNumberProperty("evaluations", variant.evaluations());
            json.writeObjectPropertyStart("events");
            int events = 0;
            for (Map.Entry<String, Long> event : variant.events().entrySet()) {
                if (event.getKey().isEmpty() || event.getKey().length() > MAX_STRING) {
                    continue;
                }
                if (++events > MAX_EVENTS) {
                    break;
                }
                json.writeNumberProperty(event.getKey(), event.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeSince(JsonGenerator json, Long since) {
        if (since == null) {
            json.writeNullProperty("since");
        } else {
            json.writeNumberProperty("since", since.longValue());
        }
    }

    private static <T> List<T> first(List<T> list, int max) {
        return list.size() <= max ? list : list.subList(0, max);
    }

    private static String cut(String text) {
        return text.length() <= MAX_STRING ? text : text.substring(0, MAX_STRING - 3) + "...";
    }

    private static byte[] gzip(byte[] json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory
        }
        return bytes.toByteArray();
    }
}
