package dev.flags.spring.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import dev.flags.FeatureFlags;
import dev.flags.spring.FeatureFlagsBuilderCustomizer;
import dev.flags.spring.UsageSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * A request that evaluated a flag and ended in a 5xx is tracked as {@code error}, once, for the context the flag
 * was evaluated with; over a real server, with Spring MVC's and the container's own error handling.
 */
@SpringBootTest(classes = {TestApplication.class, ServerErrorTrackingIT.Guards.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "flags.location=")
class ServerErrorTrackingIT {

    static final String DOCUMENT = """
            revision: 3
            flags:
              guarded-checkout:
                targets: { on: [alice], off: [bob] }
                default: { serve: off }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 1000 }
              tripping-checkout:
                targets: { on: [carol], off: [dave] }
                default: { serve: off }
                guard: { event: error, variant: on, maxRatio: 2, minSamples: 10 }
            """;

    @TestConfiguration(proxyBeanMethods = false)
    static class Guards {
        final UsageSource source = new UsageSource(DOCUMENT);
        final AtomicInteger completed = new AtomicInteger();

        @Bean
        FeatureFlagsBuilderCustomizer guardedFlags() {
            return builder -> builder.source(source);
        }

        /** Counts requests whose filters all finished, the tracking included: it runs outside them all. */
        @Bean
        Filter completedRequests() {
            return new CompletedRequests(completed);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Guards guards;

    UsageSource source;

    @Autowired
    FeatureFlags flags;

    TestHttp http;

    @BeforeEach
    void client() {
        http = new TestHttp(port);
        source = guards.source;
        source.reset();
    }

    @Test
    void aServerErrorAfterAnEvaluationIsTrackedForTheContextOfThatEvaluation() {
        requests(2, () -> {
            assertThat(http.get("/guarded/status?flag=guarded-checkout&status=503", "X-User-Id", "alice")
                    .statusCode()).isEqualTo(503);
            assertThat(http.get("/guarded/crash?flag=guarded-checkout", "X-User-Id", "bob").statusCode())
                    .isEqualTo(500);
        });

        assertThat(source.events("guarded-checkout", "error")).isEqualTo(Map.of("on", 1L, "off", 1L));
    }

    @Test
    void successClientErrorsAndRequestsThatEvaluatedNoFlagAreNotTracked() {
        requests(4, () -> {
            assertThat(http.get("/guarded/status?flag=guarded-checkout&status=200", "X-User-Id", "alice")
                    .statusCode()).isEqualTo(200);
            assertThat(http.get("/guarded/status?flag=guarded-checkout&status=409", "X-User-Id", "alice")
                    .statusCode()).isEqualTo(409);
            assertThat(http.get("/guarded/crash-without-flags", "X-User-Id", "alice").statusCode()).isEqualTo(500);
            assertThat(http.get("/guarded/status?flag=no-such-flag&status=500", "X-User-Id", "alice")
                    .statusCode()).isEqualTo(500);
        });

        assertThat(source.events("guarded-checkout", "error")).isEmpty();
    }

    @Test
    void aFlagEnabledMethodThatFailsItsRequestIsOneError() {
        requests(1, () -> assertThat(http.get("/guarded/annotated", "X-User-Id", "alice").statusCode())
                .isEqualTo(500));

        assertThat(source.events("guarded-checkout", "error")).isEqualTo(Map.of("on", 1L));
    }

    @Test
    void failingRequestsOnTheNewVariantTripItsGuardTheActuatorShowsItAndItsUsersGetTheOldOne() {
        for (int i = 0; i < 200 && flags.status().trippedGuards().isEmpty(); i++) {
            http.get("/guarded/status?flag=tripping-checkout&status=500", "X-User-Id", "carol");
            http.get("/guarded/status?flag=tripping-checkout&status=200", "X-User-Id", "dave");
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> !flags.status().trippedGuards().isEmpty());
        assertThat(flags.status().trippedGuards()).singleElement()
                .satisfies(trip -> assertThat(trip.flag()).isEqualTo("tripping-checkout"));
        assertThat(http.get("/guarded/status?flag=tripping-checkout&status=200", "X-User-Id", "carol").body())
                .isEqualTo("off");

        String status = http.get("/actuator/flags").body();
        assertThat(JsonPath.<List<String>>read(status, "$.status.trippedGuards[*].flag"))
                .containsExactly("tripping-checkout");
        assertThat(JsonPath.<String>read(status, "$.status.trippedGuards[0].summary"))
                .startsWith("error on 'on' ").contains("beyond 2x at 99% confidence");
        assertThat(JsonPath.<String>read(status, "$.status.trippedGuards[0].at")).startsWith("20");
        String health = http.get("/actuator/health").body();
        assertThat(JsonPath.<String>read(health, "$.components.flags.status")).isEqualTo("UP");
        assertThat(JsonPath.<String>read(health, "$.components.flags.details.trippedGuards.tripping-checkout"))
                .startsWith("error on 'on' ");
        assertThat(JsonPath.<Double>read(http.get("/actuator/metrics/flags.guards.tripped").body(),
                "$.measurements[0].value")).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(10)).until(() -> JsonPath.<Double>read(
                http.get("/actuator/metrics/flags.guards.trips?tag=flag:tripping-checkout").body(),
                "$.measurements[0].value") == 1.0);
    }

    /**
     * Runs requests and waits until each has left every filter: the client may read a response before the server's
     * filters return, and the tracking happens as they return.
     */
    private void requests(int count, Runnable requests) {
        int before = guards.completed.get();
        requests.run();
        await().atMost(Duration.ofSeconds(10)).until(() -> guards.completed.get() - before >= count);
    }

    /** The outermost filter: counts each request once all the others have returned. */
    static final class CompletedRequests implements Filter, Ordered {
        private final AtomicInteger completed;

        CompletedRequests(AtomicInteger completed) {
            this.completed = completed;
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(request, response);
            } finally {
                if (request.getDispatcherType() == DispatcherType.REQUEST) {
                    completed.incrementAndGet();
                }
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
