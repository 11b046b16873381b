/** {@link dev.flags.remote.HttpFlagSource}: follows a remote flag store over HTTP, polling and streaming. */
package dev.flags.remote;
