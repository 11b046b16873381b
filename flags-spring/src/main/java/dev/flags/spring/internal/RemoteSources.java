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

    /**
     * @param applicationName {@code spring.application.name}: the app name of usage reports unless
     *                        {@code flags.remote.usage.app} names another
     */
    static FlagSource create(FlagsProperties.Remote remote, @Nullable Duration startupWait,
            @Nullable String applicationName) {
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
            FlagsProperties.Usage usage = remote.usage();
            if (usage.enabled()) {
                builder.usageReporting(usage.interval() == null ? HttpFlagSource.Builder.DEFAULT_USAGE_INTERVAL
                        : usage.interval());
                String app = usage.app() != null ? usage.app() : applicationName;
                if (app != null && !app.isBlank()) {
                    builder.app(app);
                }
            }
            return builder.build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("flags.remote: " + e.getMessage(), e);
        }
    }
}
