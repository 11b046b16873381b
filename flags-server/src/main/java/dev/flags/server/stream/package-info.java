/** Server-sent events: one event per new revision to every open stream, heartbeats, maximum age, shutdown. */
package dev.flags.server.stream;
