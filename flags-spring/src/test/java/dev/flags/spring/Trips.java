package dev.flags.spring;

import dev.flags.FeatureFlags;
import dev.flags.FlagContext;

/** Trips release guards the way a bad rollout does: errors tracked on the guarded variant only. */
final class Trips {

    /** A document whose flag {@code new-checkout} is a 50/50 rollout guarded on {@code on}. */
    static final String GUARDED = """
            revision: 1
            flags:
              new-checkout:
                default: { rollout: { on: 50, off: 50 } }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 20 }
              other: { enabled: true }
            """;

    private Trips() {
    }

    /** Evaluates the flag for one user after another, tracking {@code error} for those it serves, until it trips. */
    static void trip(FeatureFlags flags, String flag) {
        for (int i = 0; i < 10_000 && !tripped(flags, flag); i++) {
            FlagContext user = FlagContext.of("user-" + i);
            if (flags.isEnabled(flag, user)) {
                flags.track("error", user);
            }
        }
        if (!tripped(flags, flag)) {
            throw new IllegalStateException("the guard of " + flag + " did not trip");
        }
    }

    private static boolean tripped(FeatureFlags flags, String flag) {
        return flags.status().trippedGuards().stream().anyMatch(trip -> trip.flag().equals(flag));
    }
}
