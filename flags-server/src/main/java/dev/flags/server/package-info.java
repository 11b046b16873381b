/**
 * The flag server: the application ({@link dev.flags.server.FlagServerApplication}), its properties and its
 * database. Controllers live in {@code api}, SQL in {@code store} and {@code auth}, streams in {@code stream},
 * following other replicas in {@code replica}.
 */
package dev.flags.server;
