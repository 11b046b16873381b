package dev.flags.internal;

import dev.flags.FlagsStatus;

/**
 * A guard that tripped in this client: its flag's definition serves {@code outcome} (the kill, saying why) for as
 * long as the snapshot holds that very definition; a changed definition starts its guard afresh.
 */
record GuardTrip(CompiledFlag flag, Outcome outcome, FlagsStatus.TrippedGuard status) {
}
