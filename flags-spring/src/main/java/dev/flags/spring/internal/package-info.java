/**
 * The machinery behind {@code dev.flags.spring}: building the client from the {@code flags.*} properties, the
 * {@code @FlagEnabled} proxies, the default context resolver, the sanitizing of secrets in the actuator and the
 * Spring MVC exception resolver. No compatibility promise: applications use {@code dev.flags.spring}.
 */
package dev.flags.spring.internal;
