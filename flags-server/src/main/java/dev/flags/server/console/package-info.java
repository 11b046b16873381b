/**
 * The ops console: sign-in (configured users with a limit on failures, or OpenID Connect with roles mapped from
 * the configuration), roles and security headers for the browser, the flag document's JSON Schema for the editor,
 * and the page that loads the static console (plain ES modules under {@code static/console}), which works through
 * the same {@code /v1} API.
 */
package dev.flags.server.console;
