/**
 * The peers, each a {@link dev.flags.benchmarks.Scenarios} subclass set up offline from a file under
 * {@code src/main/resources} or in-memory data, with the few classes a peer needs to express a scenario it has no
 * built-in for (FF4J's sticky rollout, Togglz's and FF4J's rule-then-rollout), each saying so.
 */
package dev.flags.benchmarks.peers;
