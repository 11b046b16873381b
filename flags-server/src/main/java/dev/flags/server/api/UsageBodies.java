package dev.flags.server.api;

import dev.flags.server.store.Definitions;
import dev.flags.server.usage.UsageReport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a usage report: JSON, plain or gzip, at most {@link UsageReport#MAX_BYTES} after decompression (413, and
 * nothing read beyond it, so a gzip bomb costs a megabyte), every limit of the contract checked, and each malformed
 * member a 400 naming its field ({@code flags[3].variants[0].evaluations}). Members it does not know are ignored,
 * so a newer reporter can add some.
 */
final class UsageBodies {

    private UsageBodies() {
    }

    static UsageReport read(HttpServletRequest request) {
        JsonNode body = parse(bytes(request));
        if (!body.isObject()) {
            throw malformed(null, null, "the body must be a JSON object: the usage report");
        }
        String instance = name(body, "instance", "instance", null, true);
        JsonNode appNode = body.get("app");
        String app = appNode != null && appNode.isString() && appNode.stringValue().isEmpty() ? null
                : name(body, "app", "app", null, false);
        Instant from = instant(body.get("from"), "from", null);
        Instant to = instant(body.get("to"), "to", null);
        if (to.isBefore(from)) {
            throw malformed(null, "to", "'to' (" + to + ") is before 'from' (" + from + ")");
        }
        List<UsageReport.Flag> flags = new ArrayList<>();
        JsonNode flagNodes = array(body.get("flags"), "flags", UsageReport.MAX_FLAGS, true);
        for (int i = 0; i < flagNodes.size(); i++) {
            flags.add(flag(flagNodes.get(i), "flags[" + i + "]"));
        }
        List<UsageReport.Trip> trips = new ArrayList<>();
        JsonNode tripNodes = array(body.get("trips"), "trips", UsageReport.MAX_FLAGS, false);
        for (int i = 0; tripNodes != null && i < tripNodes.size(); i++) {
            trips.add(trip(tripNodes.get(i), "trips[" + i + "]"));
        }
        return new UsageReport(instance, app, from, to, flags, trips);
    }

    private static UsageReport.Flag flag(JsonNode node, String path) {
        if (!node.isObject()) {
            throw malformed(null, path, "'" + path + "' must be an object: {\"key\", \"since\", \"variants\"}");
        }
        String key = key(node, path + ".key", null);
        Long since = since(node.get("since"), path + ".since", key);
        JsonNode variantNodes = array(node.get("variants"), path + ".variants", UsageReport.MAX_VARIANTS, true);
        List<UsageReport.Variant> variants = new ArrayList<>();
        for (int i = 0; i < variantNodes.size(); i++) {
            variants.add(variant(variantNodes.get(i), path + ".variants[" + i + "]", key));
        }
        return new UsageReport.Flag(key, since, variants);
    }

    private static UsageReport.Variant variant(JsonNode node, String path, String key) {
        if (!node.isObject()) {
            throw malformed(key, path, "'" + path + "' must be an object: {\"name\", \"evaluations\", \"events\"}");
        }
        String name = name(node, "name", path + ".name", key, true);
        long evaluations = count(node.get("evaluations"), path + ".evaluations", key, true);
        Map<String, Long> events = new LinkedHashMap<>();
        JsonNode eventNodes = node.get("events");
        String eventsPath = path + ".events";
        if (eventNodes != null && !eventNodes.isNull()) {
            if (!eventNodes.isObject()) {
                throw malformed(key, eventsPath, "'" + eventsPath + "' must be an object of counts by event name");
            }
            if (eventNodes.size() > UsageReport.MAX_EVENTS) {
                throw malformed(key, eventsPath, "'" + eventsPath + "' has " + eventNodes.size()
                        + " events, more than " + UsageReport.MAX_EVENTS);
            }
            for (Map.Entry<String, JsonNode> event : eventNodes.properties()) {
                String eventPath = eventsPath + "." + event.getKey();
                if (event.getKey().isEmpty() || event.getKey().length() > UsageReport.MAX_NAME) {
                    throw malformed(key, eventsPath, "an event name in '" + eventsPath + "' is empty or longer than "
                            + UsageReport.MAX_NAME + " characters");
                }
                events.put(event.getKey(), count(event.getValue(), eventPath, key, true));
            }
        }
        return new UsageReport.Variant(name, evaluations, events);
    }

    private static UsageReport.Trip trip(JsonNode node, String path) {
        if (!node.isObject()) {
            throw malformed(null, path, "'" + path + "' must be an object: {\"flag\", \"since\", \"summary\", \"at\"}");
        }
        String key = key(node, path + ".flag", "flag");
        Long since = since(node.get("since"), path + ".since", key);
        String summary = text(node.get("summary"), path + ".summary", key, UsageReport.MAX_SUMMARY, true);
        Instant at = instant(node.get("at"), path + ".at", key);
        return new UsageReport.Trip(key, since, summary, at);
    }

    private static String key(JsonNode node, String path, String member) {
        String key = text(node.get(member == null ? "key" : member), path, null, UsageReport.MAX_NAME, true);
        if (!Definitions.FLAG_KEY.matcher(key).matches()) {
            throw malformed(null, path, "'" + path + "' is not a flag key: 1 to 200 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return key;
    }

    private static String name(JsonNode node, String member, String path, String flag, boolean required) {
        return text(node.get(member), path, flag, UsageReport.MAX_NAME, required);
    }

    private static String text(JsonNode node, String path, String flag, int max, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw malformed(flag, path, "'" + path + "' is required");
            }
            return null;
        }
        if (!node.isString() || node.stringValue().isEmpty()) {
            throw malformed(flag, path, "'" + path + "' must be a non-empty string");
        }
        if (node.stringValue().length() > max) {
            throw malformed(flag, path, "'" + path + "' is longer than " + max + " characters");
        }
        return node.stringValue();
    }

    private static Long since(JsonNode node, String path, String flag) {
        if (node == null || node.isNull()) {
            return null;
        }
        return count(node, path, flag, false);
    }

    private static long count(JsonNode node, String path, String flag, boolean bounded) {
        if (node == null || node.isNull()) {
            throw malformed(flag, path, "'" + path + "' is required");
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw malformed(flag, path, "'" + path + "' must be a whole number from 0, not " + abbreviated(node));
        }
        if (bounded && node.longValue() > UsageReport.MAX_COUNT) {
            throw malformed(flag, path, "'" + path + "' is over " + UsageReport.MAX_COUNT);
        }
        return node.longValue();
    }

    private static Instant instant(JsonNode node, String path, String flag) {
        String text = text(node, path, flag, UsageReport.MAX_NAME, true);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw malformed(flag, path, "'" + path + "' must be an ISO-8601 instant such as 2026-12-07T05:00:00Z");
        }
    }

    private static JsonNode array(JsonNode node, String path, int max, boolean required) {
        if (node == null || node.isNull()) {
            if (required) {
                throw malformed(null, path, "'" + path + "' is required (a list, perhaps empty)");
            }
            return null;
        }
        if (!node.isArray()) {
            throw malformed(null, path, "'" + path + "' must be a list");
        }
        if (node.size() > max) {
            throw malformed(null, path, "'" + path + "' has " + node.size() + " entries, more than " + max);
        }
        return node;
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return Definitions.parse(bytes);
        } catch (JacksonException e) {
            throw malformed(null, null, "the body is not well-formed JSON: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            throw malformed(null, null, "the body is not well-formed JSON");
        }
    }

    private static byte[] bytes(HttpServletRequest request) {
        Bodies.requireJson(request);
        String encoding = request.getHeader("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
            throw new ApiException(415, "Unsupported Media Type", "the Content-Encoding must be gzip or none, not "
                    + abbreviated(encoding.trim()));
        }
        if (request.getContentLengthLong() > UsageReport.MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream raw = new Bounded(request.getInputStream());
                InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
            byte[] bytes = in.readNBytes(UsageReport.MAX_BYTES + 1);
            if (bytes.length > UsageReport.MAX_BYTES) {
                throw tooLarge();
            }
            return bytes;
        } catch (Bounded.Exceeded e) {
            throw tooLarge();
        } catch (IOException e) {
            throw malformed(null, null, gzip ? "the body is not valid gzip (Content-Encoding: gzip)"
                    : "the body could not be read");
        }
    }

    private static ApiException tooLarge() {
        return new ApiException(413, "Content Too Large", "the usage report is larger than " + UsageReport.MAX_BYTES
                + " bytes (after decompression); send it in smaller reports");
    }

    static ApiException malformed(String flag, String field, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("flag", flag);
        error.put("field", field);
        error.put("message", message);
        return new ApiException(400, "Bad Request", message, Map.of("errors", List.of(error)));
    }

    private static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** The raw body, compressed or not, read to at most the limit too (gzip members may hold nothing). */
    private static final class Bounded extends FilterInputStream {

        static final class Exceeded extends IOException {
            Exceeded() {
                super("over the limit", null);
            }
        }

        private long read;

        Bounded(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws Exceeded {
            read += n;
            if (read > UsageReport.MAX_BYTES) {
                throw new Exceeded();
            }
        }
    }
}
