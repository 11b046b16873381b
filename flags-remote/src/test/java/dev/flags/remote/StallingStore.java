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
 * A store on loopback whose answer, once stalled, sends its headers and a few bytes of the body and then
 * nothing for 30 s. WireMock cannot do this: it sends the headers with the first body chunk.
 */
final class StallingStore implements AutoCloseable {
    private final ExecutorService executor = Executors.newCachedThreadPool(TestThreads.daemon("test-stalling-store"));
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger stalled = new AtomicInteger();
    private final HttpServer server;
    volatile boolean stall;

    StallingStore() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/flags", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/flags");
    }

    /** How many answers have stalled so far. */
    int stalled() {
        return stalled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            boolean stalling = stall;
            String document = HttpFlagSourceWireMockTest.document(stalling ? 2 : 1, stalling ? "green" : "blue", 0);
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            if (stalling) {
                out.write(body, 0, 10);
                out.flush();
                stalled.incrementAndGet();
                released.await(30, TimeUnit.SECONDS);
                out.write(body, 10, body.length - 10);
            } else {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
