/** The HTTP API: controllers, problem details, request bodies; no SQL here. */
package dev.flags.server.api;
