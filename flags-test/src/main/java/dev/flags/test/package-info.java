/**
 * The test kit for code that uses feature flags: {@link dev.flags.test.TestFlags}, a real client on in-memory
 * flags for plain unit tests, and the JUnit Jupiter {@link dev.flags.test.FlagsExtension}, which gives each test its
 * own flags, set with annotations ({@link dev.flags.test.FlagOn}, {@link dev.flags.test.FlagOff},
 * {@link dev.flags.test.FlagVariant}, {@link dev.flags.test.FlagDocument}), and runs a test for every combination of
 * a few flags ({@link dev.flags.test.VaryFlags}).
 */
package dev.flags.test;
