/** Bearer tokens, roles and the filter that checks them on every {@code /v1} request. */
package dev.flags.server.auth;
