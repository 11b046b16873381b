package dev.flags.spring.internal;

import dev.flags.FlagSource;
import dev.flags.remote.HttpFlagSource;
import dev.flags.spring.FlagsProperties;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Builds the remote source; a class of its own so that flags-remote is loaded only when it is configured. */
final class RemoteSources {

    private RemoteSources() {
    }

    static FlagSource create(FlagsProperties.Remote remote, @Nullable Duration startupWait) {
        try {
            HttpFlagSource.Builder builder = HttpFlagSource.builder(remote.url())
                    .bearerToken(remote.token())
                    .streaming(remote.streaming());
            // Unset durations keep flags-remote's own defaults (HttpFlagSource.Builder.DEFAULT_*), stated once there.
            if (remote.pollInterval() != null) {
                builder.pollInterval(remote.pollInterval());
            }
            if (startupWait != null) {
                builder.startupWait(startupWait);
            }
            if (remote.backupFile() != null) {
                builder.backupFile(remote.backupFile());
            }
            remote.headers().forEach(builder::header);
            return builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("flags.remote: " + e.getMessage(), e);
        }
    }
}
