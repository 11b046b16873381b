package dev.flags.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flags.server.stream.StreamHub;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams hold no thread each, close cleanly at their maximum age, and all end promptly at shutdown. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StreamLifecycleIT {

    private static final int STREAMS = 200;

    @TempDir
    static Path dir;
    static final MutableClock CLOCK = new MutableClock();
    static TestServer server;
    static StreamHub hub;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, CLOCK, "--flags.server.heartbeat=100ms", "--flags.server.stream-max-age=1h");
        hub = server.context.getBean(StreamHub.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void aStreamIsClosedCleanlyAtItsMaximumAge() throws Exception {
        CompletableFuture<HttpResponse<String>> stream = HttpClient.newHttpClient().sendAsync(request(server),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.open() == 1);
        CLOCK.advance(Duration.ofHours(2));
        HttpResponse<String> response = stream.get(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).startsWith(":").contains("event:revision");
        assertThat(hub.open()).isZero();
    }

    @Test
    @Order(2)
    void manyStreamsHoldNoThreadEachAndAllEndAtShutdown() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        System.gc();
        long heapBefore = usedHeap();
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (int i = 0; i < STREAMS; i++) {
            streams.add(http.sendAsync(request(server), HttpResponse.BodyHandlers.ofInputStream()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.open() == STREAMS);
        // an open stream holds no request thread: the container's busy threads go back to none
        await().atMost(Duration.ofSeconds(30)).until(() -> busyRequestThreads(server) == 0);
        int threadsHeld = ManagementFactory.getThreadMXBean().getThreadCount() - threadsBefore;
        System.gc();
        long heapPerStream = (usedHeap() - heapBefore) / STREAMS;
        System.out.printf("%d streams open: %d more threads in the JVM (server and test client together),"
                + " about %d bytes of heap each (both sides)%n", STREAMS, threadsHeld, heapPerStream);

        server.context.close();
        for (CompletableFuture<HttpResponse<InputStream>> stream : streams) {
            try (InputStream body = stream.get(30, TimeUnit.SECONDS).body()) {
                body.readAllBytes(); // returns once the server has ended the stream
            }
        }
        assertThat(hub.open()).isZero();
    }

    private static HttpRequest request(TestServer server) {
        return HttpRequest.newBuilder(server.uri("/v1/envs/production/document/stream"))
                .header("Authorization", "Bearer " + TestServer.ADMIN).build();
    }

    private static int busyRequestThreads(TestServer server) {
        TomcatWebServer tomcat = (TomcatWebServer) ((WebServerApplicationContext) server.context).getWebServer();
        Executor executor = tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor();
        return ((ThreadPoolExecutor) executor).getActiveCount();
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
