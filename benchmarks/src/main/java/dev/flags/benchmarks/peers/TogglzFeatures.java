package dev.flags.benchmarks.peers;

import org.togglz.core.Feature;

/** The scenarios' flags as Togglz declares features: an enum. */
public enum TogglzFeatures implements Feature {
    STATIC_ON,
    ROLLOUT_50,
    NL_OR_10
}
