/**
 * What the fleet reports about its flags: usage counts per day and definition, the last evaluation of each flag,
 * the guards tripped inside instances, the fleet guard that kills a flag on the fleet's totals, and the stale
 * flags read from the same counts. No HTTP here.
 */
package dev.flags.server.usage;
