package dev.flags;

import java.util.Map;

/**
 * Local, in-process overrides that beat every source: for tests, developer machines and emergencies. They
 * live in this client only and are lost when it closes. Thread-safe; each change is seen by the next
 * evaluation and reported to change listeners.
 */
public interface Overrides {

    /**
     * Serves this variant of the flag to everyone, with reason {@link Reason#OVERRIDE}. A key no source
     * defines acts as a boolean flag with variants {@code on} (true) and {@code off} (false).
     *
     * @throws IllegalArgumentException when the flag exists and has no such variant
     */
    void set(String flagKey, String variant);

    /**
     * Serves the flag's off variant (or, when it has none, the caller's default) to everyone here, whatever the
     * sources say: the local kill switch. Reason {@link Reason#OVERRIDE}.
     */
    void kill(String flagKey);

    /** Removes the override of this flag, if any. */
    void clear(String flagKey);

    /** Removes every override. */
    void clearAll();

    /** The current overrides: flag key to variant name, with the killed flags mapped to {@link #KILLED}. */
    Map<String, String> asMap();

    /** The value {@link #asMap()} shows for a killed flag. */
    String KILLED = "<killed>";
}
