package dev.flags.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The server's settings ({@code flags.server.*}).
 *
 * @param dataDir where the embedded H2 database lives when {@code spring.datasource.url} names none
 * @param adminToken the bootstrap admin token (usually {@code FLAGS_SERVER_ADMIN_TOKEN}); never logged nor stored
 * @param environments the environments created at start when missing
 * @param heartbeat the interval of the streams' comment heartbeats
 * @param maxBody the largest request body accepted (413 above)
 * @param maxDocument the largest document a write may leave (413 above)
 * @param streamMaxAge a stream is closed cleanly after this age, less up to 20 % jitter, so load balancers rebalance
 * @param streamRetry the {@code retry:} hint sent to stream clients
 * @param usageRetention usage counts and guard trips older than this are pruned; also the longest stale window
 * @param usageFlush how often the usage counts summed in memory are written and the guards they concern judged
 */
@ConfigurationProperties("flags.server")
public record FlagServerProperties(
        @DefaultValue("./flags-data") Path dataDir,
        String adminToken,
        @DefaultValue("production") List<String> environments,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("1MB") DataSize maxBody,
        @DefaultValue("10MB") DataSize maxDocument,
        @DefaultValue("10m") Duration streamMaxAge,
        @DefaultValue("5s") Duration streamRetry,
        @DefaultValue("90d") Duration usageRetention,
        @DefaultValue("1s") Duration usageFlush) {

    @Override
    public String toString() {
        return "FlagServerProperties[dataDir=" + dataDir + ", adminToken=" + (adminToken == null ? "none" : "(set)")
                + ", environments=" + environments + ", heartbeat=" + heartbeat + ", maxBody=" + maxBody
                + ", maxDocument=" + maxDocument + ", streamMaxAge=" + streamMaxAge + ", usageRetention=" + usageRetention
                + ", usageFlush=" + usageFlush + "]";
    }
}
