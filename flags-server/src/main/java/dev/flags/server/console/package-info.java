/**
 * The ops console: sign-in, roles and security headers for the browser, and the page that loads the static
 * console (plain ES modules under {@code static/console}), which works through the same {@code /v1} API.
 */
package dev.flags.server.console;
