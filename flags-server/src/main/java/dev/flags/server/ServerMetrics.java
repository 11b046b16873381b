package dev.flags.server;

import dev.flags.server.store.EnvironmentStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** The revision of each environment as a gauge ({@code flags.server.revision}). */
@Component
class ServerMetrics {

    ServerMetrics(EnvironmentStore store, MeterRegistry meters) {
        for (String environment : store.environments()) {
            Gauge.builder("flags.server.revision", store, s -> s.snapshot(environment).revision())
                    .tag("environment", environment).description("the newest revision in memory").register(meters);
        }
    }
}
