/** Following writes made through other replicas: PostgreSQL LISTEN/NOTIFY and a check of the newest revisions every second. */
package dev.flags.server.replica;
