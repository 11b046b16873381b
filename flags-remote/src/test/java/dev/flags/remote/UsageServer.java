package dev.flags.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A flag server's two routes on loopback, as flags-server lays them out: {@code GET /v1/envs/production/document}
 * answers {@link #document} (by default revision 1, flag "color" serving "blue"), and
 * {@code POST /v1/envs/production/usage} records each report and answers {@link #status} (by default
 * {@code 202 {"accepted": 1}}). Can hold the next report until released, or drop
 * reports' connections unanswered.
 */
final class UsageServer implements AutoCloseable {

    /** A usage report as received: its headers and its body, decompressed when it came gzip'd. */
    record Post(com.sun.net.httpserver.Headers headers, byte[] raw) {
        String header(String name) {
            return headers.getFirst(name);
        }

        String json() {
            try (InputStream in = "gzip".equals(header("Content-Encoding"))
                    ? new GZIPInputStream(new ByteArrayInputStream(raw)) : new ByteArrayInputStream(raw)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }


    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(TestThreads.daemon("test-usage-server"));
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger documentRequests = new AtomicInteger();
    /** The document served, JSON. */
    volatile String document = HttpFlagSourceWireMockTest.document(1, "blue", 0);
    /** The status every report is answered with. */
    volatile int status = 202;
    /** A Retry-After header to send with it, or null. */
    volatile String retryAfter;
    /** Close reports' connections without an answer. */
    volatile boolean hangUp;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean holdNext;

    UsageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/envs/production/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI documentUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/envs/production/document");
    }

    List<Post> posts() {
        return List.copyOf(posts);
    }

    int documentRequests() {
        return documentRequests.get();
    }

    /** The next report is recorded at once but answered only after {@link #release}. */
    void holdNextReport() {
        gate = new CountDownLatch(1);
        holdNext = true;
    }

    void release() {
        gate.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.endsWith("/document") && exchange.getRequestMethod().equals("GET")) {
                documentRequests.incrementAndGet();
                byte[] body = document.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("ETag", "\"" + document.hashCode() + "\"");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            if (!path.endsWith("/usage") || !exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            posts.add(new Post(exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes()));
            if (holdNext) {
                holdNext = false;
                gate.await(30, TimeUnit.SECONDS);
            }
            if (hangUp) {
                return; // closed unanswered
            }
            if (retryAfter != null) {
                exchange.getResponseHeaders().set("Retry-After", retryAfter);
            }
            byte[] body = ("{\"accepted\": 1}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
