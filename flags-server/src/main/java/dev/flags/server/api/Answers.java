package dev.flags.server.api;

import dev.flags.server.store.WriteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bodies of write answers. */
final class Answers {

    private Answers() {
    }

    static Map<String, Object> written(WriteResult result, boolean withVersion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("revision", result.revision());
        if (withVersion) {
            body.put("version", result.version());
        }
        return body;
    }

    /** A dry run: what would change, without writing. */
    static Map<String, Object> dryRun(WriteResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dryRun", true);
        body.put("revision", result.changes().isEmpty() ? result.revision() - 1 : result.revision());
        body.put("version", result.version());
        List<Map<String, Object>> changes = result.changes().stream().map(change -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", change.flag());
            entry.put("before", change.before());
            entry.put("after", change.after());
            return entry;
        }).toList();
        body.put("changes", changes);
        return body;
    }
}
