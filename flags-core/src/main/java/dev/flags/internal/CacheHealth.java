package dev.flags.internal;

import dev.flags.FlagsStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The health of a per-key cache (a store's flags, external segment answers), key by key: the cache is stale
 * while any key serves an old answer because its last load or refresh failed, and fresh again only when every
 * such key has been answered since. One healthy key no longer hides another's failure.
 */
final class CacheHealth {

    private final String name;
    private final Clock clock;
    private final Runnable changed;
    private final Map<Object, String> failing = new ConcurrentHashMap<>();
    private volatile Instant lastSync;

    /**
     * @param changed told when the state or the error changed; runs on the thread that loaded the key
     */
    CacheHealth(String name, Clock clock, Runnable changed) {
        this.name = name;
        this.clock = clock;
        this.changed = changed;
    }

    void succeeded(Object key) {
        lastSync = clock.instant();
        if (failing.remove(key) != null) {
            changed.run();
        }
    }

    void failed(Object key, String message) {
        if (!message.equals(failing.put(key, message))) {
            changed.run();
        }
    }

    /**
     * Drops a key the cache evicted: it serves nothing any more. Quietly: the cache calls it on the thread that
     * evicted, which may be evaluating a flag, and status() reads the failures when it is asked.
     */
    void forget(Object key) {
        failing.remove(key);
    }

    FlagsStatus.SourceStatus status(int flagCount) {
        String error = null;
        Iterator<String> errors = failing.values().iterator();
        if (errors.hasNext()) {
            error = errors.next();
            int others = failing.size() - 1;
            if (others > 0) {
                error += " (and " + others + " more key" + (others == 1 ? "" : "s") + " failing)";
            }
        }
        FlagsStatus.State state = error == null ? FlagsStatus.State.READY
                : lastSync == null ? FlagsStatus.State.INITIALIZING : FlagsStatus.State.STALE;
        return new FlagsStatus.SourceStatus(name, state, null, flagCount, lastSync, error, Map.of());
    }
}
