package dev.flags.server.api;

import dev.flags.server.store.EnvironmentStore;
import dev.flags.server.store.Snapshot;
import dev.flags.server.usage.FleetUsage;
import dev.flags.server.usage.UsageLog;
import dev.flags.server.usage.UsageReport;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The fleet's usage reports (a read token suffices to send one) and the guards' state. */
@RestController
@RequestMapping("/v1/envs/{env}")
class UsageController {

    private final EnvironmentStore store;
    private final FleetUsage usage;

    UsageController(EnvironmentStore store, FleetUsage usage) {
        this.store = store;
        this.usage = usage;
    }

    @PostMapping("/usage")
    ResponseEntity<Map<String, Object>> report(@PathVariable String env, HttpServletRequest request) {
        store.snapshot(env);
        UsageReport report = UsageBodies.read(request);
        usage.record(env, report);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("accepted", report.flags().size()));
    }

    @GetMapping("/guards")
    List<Map<String, Object>> guards(@PathVariable String env) {
        Snapshot snapshot = store.snapshot(env);
        return usage.guards(env).stream().map(state -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("flag", state.key());
            entry.put("version", state.version());
            entry.put("enabled", state.enabled());
            var definition = snapshot.definition(state.key());
            entry.put("guard", state.guarded() && definition != null ? definition.get("guard") : null);
            Map<String, Object> fleet = new LinkedHashMap<>();
            state.totals().forEach((variant, totals) -> fleet.put(variant, counts(totals)));
            entry.put("fleet", fleet);
            entry.put("tripped", state.verdict() == null ? null : state.verdict().tripped());
            entry.put("verdict", state.verdict() == null ? null : state.verdict().summary());
            entry.put("trips", state.trips().stream().map(UsageController::trip).toList());
            return entry;
        }).toList();
    }

    private static Map<String, Object> counts(UsageLog.Totals totals) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("evaluations", totals.samples());
        counts.put("events", totals.events());
        return counts;
    }

    private static Map<String, Object> trip(UsageLog.StoredTrip trip) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("instance", trip.instance());
        entry.put("app", trip.app());
        entry.put("since", trip.since());
        entry.put("summary", trip.summary());
        entry.put("at", trip.at().toString());
        entry.put("received", trip.received().toString());
        return entry;
    }
}
