package dev.flags.server.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.node.ObjectNode;

/**
 * One environment at one revision, rendered once: the document as clients read it (plain and gzipped) and the
 * flag list, so that reads are served from memory.
 *
 * @param environment the environment's name
 * @param revision the revision
 * @param document the document (segments and flags, without {@code revision})
 * @param versions each flag's version: the revision of its last change
 * @param flag the flag the revision changed, or null
 * @param action the revision's action
 */
public record Snapshot(String environment, long revision, ObjectNode document, Map<String, Long> versions,
        String flag, String action, byte[] json, byte[] gzip, byte[] flagList) {

    /** Renders a snapshot. */
    public static Snapshot render(String environment, long revision, ObjectNode document, Map<String, Long> versions,
            String flag, String action) {
        byte[] json = Definitions.write(Definitions.canonical(document, revision))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Map<String, Object>> list = new ArrayList<>();
        Definitions.flags(document).forEach((key, definition) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", key);
            entry.put("version", versions.getOrDefault(key, 0L));
            entry.put("enabled", Definitions.enabled(definition));
            entry.put("description", Definitions.description(definition));
            list.add(entry);
        });
        return new Snapshot(environment, revision, Definitions.canonical(document, null), Map.copyOf(versions), flag,
                action, json, gzip(json), Definitions.writeBytes(list));
    }

    /** The flag's definition (a copy), or null. */
    public ObjectNode definition(String key) {
        ObjectNode definition = Definitions.flag(document, key);
        return definition == null ? null : definition.deepCopy();
    }

    public long version(String key) {
        return versions.getOrDefault(key, 0L);
    }

    private static byte[] gzip(byte[] json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public String toString() {
        return "Snapshot[" + environment + " revision " + revision + ", " + versions.size() + " flags]";
    }
}
