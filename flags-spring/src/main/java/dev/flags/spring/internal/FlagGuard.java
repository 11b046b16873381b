package dev.flags.spring.internal;

import java.lang.reflect.Method;

/**
 * What {@code @FlagEnabled} asks of one method: the flag to check, and the fallback to call while it is off.
 *
 * @param flagKey  the flag key
 * @param fallback the fallback method, accessible; null to throw {@code FlagDisabledException}
 */
record FlagGuard(String flagKey, Method fallback) {
}
