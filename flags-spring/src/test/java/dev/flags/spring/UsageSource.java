package dev.flags.spring;

import dev.flags.FlagSource;
import dev.flags.UsageCounts;
import dev.flags.UsageReport;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A source of one fixed document that keeps the listener its client gave it, to read the client's usage counts
 * as a reporter does: what was tracked, against which variant.
 */
public final class UsageSource implements FlagSource {

    private final String document;
    private volatile Listener listener;

    public UsageSource(String document) {
        this.document = document;
    }

    /** The events of one name counted against each variant of the flag since the last call, by variant name. */
    public Map<String, Long> events(String flag, String event) {
        UsageReport report = usage().drain();
        Map<String, Long> events = new TreeMap<>();
        report.flags().stream().filter(counted -> counted.key().equals(flag))
                .flatMap(counted -> counted.variants().stream())
                .forEach(variant -> events.merge(variant.name(), variant.events().getOrDefault(event, 0L), Long::sum));
        events.values().removeIf(count -> count == 0);
        return events;
    }

    /** Forgets what was counted so far. */
    public void reset() {
        usage().drain();
    }

    private UsageCounts usage() {
        return Objects.requireNonNull(listener, "not started").usage();
    }

    @Override
    public String name() {
        return "guards";
    }

    @Override
    public void start(Listener listener) {
        this.listener = listener;
        listener.onDocument(document);
    }

    @Override
    public void close() {
    }
}
