package dev.flags.benchmarks;

import dev.flags.FeatureFlags;
import dev.flags.FlagStore;
import dev.flags.StoreCaching;
import dev.flags.StoredFlag;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This library with the scenarios' flags in a {@link FlagStore} instead of a document: every evaluation goes
 * through the client's cache of compiled store flags, warm after the set-up's sanity check (the first call of
 * each key loads it; the missing key is cached as missing). Beside {@link FlagsScenarios}, whose evaluations it
 * inherits, it is the price of the per-key path. The store counts its loads, and the tear-down checks that it
 * was asked no more than its loads and the refreshes of a minute's interval allow.
 */
public class FlagStoreScenarios extends FlagsScenarios {

    /** The same flags as {@code flags/scenarios.yaml}, one JSON definition per key. */
    private static final Map<String, String> DEFINITIONS = Map.of(
            STATIC_ON, "{ \"enabled\": true }",
            ROLLOUT_50, "{ \"default\": { \"rollout\": { \"on\": 50, \"off\": 50 } } }",
            RULE_THEN_ROLLOUT, """
                    { "rules": [ { "name": "dutch users",
                                   "when": [ { "attribute": "country", "op": "eq", "values": ["NL"] } ],
                                   "serve": "on" } ],
                      "default": { "rollout": { "on": 10, "off": 90 } } }""");

    private final AtomicLong loads = new AtomicLong();

    @Override
    public String library() {
        return "flags via FlagStore";
    }

    @Override
    protected void start() {
        // A cold JVM compiles the first definitions slowly: the set-up's first calls may wait for them.
        flags = FeatureFlags.builder()
                .store(new CountingStore())
                .storeCaching(StoreCaching.defaults().withColdTimeout(Duration.ofSeconds(10)))
                .build();
    }

    @Override
    protected void stop() {
        flags.close();
        // One load per key, plus refreshes: the default refresh interval is a minute, and a trial is shorter
        // than a few of them. More would mean evaluations went to the store.
        if (loads.get() > 4 * (DEFINITIONS.size() + 1)) {
            throw new IllegalStateException(loads.get() + " store loads for " + (DEFINITIONS.size() + 1) + " keys");
        }
    }

    /** The definitions above, counting how often the client asks. */
    private final class CountingStore implements FlagStore {
        @Override
        public String name() {
            return "benchmark-store";
        }

        @Override
        public StoredFlag load(String flagKey) {
            loads.incrementAndGet();
            String definition = DEFINITIONS.get(flagKey);
            return definition == null ? null : new StoredFlag(definition, 1);
        }
    }
}
