package dev.flags.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store on loopback that can hold one document answer in flight until the test releases it: {@code GET /flags}
 * answers a JSON document with an ETag; once {@link #holdNextDocument} is called, the next such request waits for
 * {@link #release}. {@code GET /flags/stream} answers a stream that ends at once, or {@code 401} once
 * {@link #refuseStream} is set; with {@link #refuseDocuments}, documents get {@code 403}.
 */
final class GatedStore implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(TestThreads.daemon("test-gated-store"));
    private final AtomicInteger documentRequests = new AtomicInteger();
    private final AtomicInteger documentAnswers = new AtomicInteger();
    private final AtomicInteger streamRequests = new AtomicInteger();
    /** The latch the next document request waits on, taken by that request. */
    private volatile CountDownLatch held;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(1);
    private volatile long revision = 1;
    private volatile String color = "blue";
    volatile boolean refuseStream;
    volatile boolean refuseDocuments;

    GatedStore() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/flags", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/flags");
    }

    /** The next document request waits for {@link #release} and then answers this revision. */
    void holdNextDocument(long revision, String color) {
        this.revision = revision;
        this.color = color;
        entered = new CountDownLatch(1);
        gate = new CountDownLatch(1);
        held = gate;
    }

    /** Waits until the held request has arrived. */
    boolean awaitHeld() throws InterruptedException {
        return entered.await(10, TimeUnit.SECONDS);
    }

    void release() {
        gate.countDown();
    }

    int documentRequests() {
        return documentRequests.get();
    }

    /** Document answers sent in full. */
    int documentAnswers() {
        return documentAnswers.get();
    }

    int streamRequests() {
        return streamRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (exchange.getRequestURI().getPath().endsWith("/stream")) {
                streamRequests.incrementAndGet();
                if (refuseStream) {
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                byte[] body = ": hello\n\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            documentRequests.incrementAndGet();
            if (refuseDocuments) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            CountDownLatch waitFor = held;
            if (waitFor != null) {
                held = null;
                entered.countDown();
                waitFor.await(30, TimeUnit.SECONDS);
            }
            byte[] body = HttpFlagSourceWireMockTest.document(revision, color, 0).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("ETag", "\"r" + revision + "\"");
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            out.write(body);
            documentAnswers.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        gate.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
