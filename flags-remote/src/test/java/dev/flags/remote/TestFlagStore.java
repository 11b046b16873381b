package dev.flags.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real flag store on loopback, speaking the protocol of this module's README: {@code GET /flags} with ETags
 * and {@code GET /flags/stream} as server-sent events with heartbeats. Can be taken down and brought back.
 */
final class TestFlagStore implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(TestThreads.daemon("test-store"));
    private final List<OutputStream> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger documentRequests = new AtomicInteger();
    private final AtomicInteger streamRequests = new AtomicInteger();
    private volatile boolean up = true;
    private volatile long revision;
    private volatile String document;

    static {
        // Without it, the JDK server's small writes wait for delayed ACKs (Nagle): about 40 ms per event.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    TestFlagStore(long revision, String flags) throws IOException {
        publish(revision, flags);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/flags", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** A document with this revision and these flags (YAML, the body of {@code flags:}). */
    static String document(long revision, String flags) {
        return "revision: " + revision + "\nflags:\n" + flags.indent(2);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/flags");
    }

    /** Serves a new document and announces it to every open stream. */
    synchronized void publish(long revision, String flags) {
        this.revision = revision;
        this.document = document(revision, flags);
        for (OutputStream stream : streams) {
            send(stream, "id: " + revision + "\nevent: revision\ndata: {\"revision\": " + revision + "}\n\n");
        }
    }

    /** While down, every request gets a 503 and open streams are cut. */
    void down() {
        up = false;
        for (OutputStream stream : streams) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Already gone.
            }
        }
        streams.clear();
    }

    void up() {
        up = true;
    }

    int documentRequests() {
        return documentRequests.get();
    }

    int streamRequests() {
        return streamRequests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        if (exchange.getRequestURI().getPath().endsWith("/stream")) {
            stream(exchange);
            return;
        }
        documentRequests.incrementAndGet();
        try (exchange) {
            if (!up) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String etag = "\"" + revision + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/yaml");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void stream(HttpExchange exchange) throws IOException {
        streamRequests.incrementAndGet();
        if (!up) {
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        send(out, ": connected\n\n");
        streams.add(out);
        // Heartbeats until the client or the store goes away.
        while (up && streams.contains(out)) {
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                break;
            }
            if (!send(out, ":\n\n")) {
                break;
            }
        }
        streams.remove(out);
        exchange.close();
    }

    private boolean send(OutputStream out, String text) {
        try {
            synchronized (out) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return true;
        } catch (IOException e) {
            streams.remove(out);
            return false;
        }
    }

    @Override
    public void close() {
        down();
        server.stop(0);
        executor.shutdownNow();
    }
}
