package dev.flags.cli.internal;

import java.util.Map;

/**
 * What a command may read of the world beyond its options: the process environment and whether its output goes
 * to a terminal. Passed in, so tests run commands with their own environment.
 */
record Context(Map<String, String> environment, boolean colour) {

    String env(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
