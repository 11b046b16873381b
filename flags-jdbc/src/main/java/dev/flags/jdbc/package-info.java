/**
 * Flags and segment members kept in SQL tables, over any {@link javax.sql.DataSource}:
 * {@link dev.flags.jdbc.JdbcFlagStore} answers a client's flags one key at a time (refreshing by revision, so an
 * unchanged table costs a number per key per refresh), {@link dev.flags.jdbc.JdbcSegmentMembership} answers
 * "is this key in that segment", and {@link dev.flags.jdbc.JdbcFlagWriter} changes flags the way clients expect.
 * The tables' DDL ships as {@code dev/flags/jdbc/schema-postgresql.sql} and {@code schema-h2.sql}. The module
 * needs {@code java.sql} only: the driver and the pool are the application's.
 */
package dev.flags.jdbc;
