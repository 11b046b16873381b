package dev.flags.remote;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store on a bare loopback socket whose event stream goes half-open: it answers {@code GET /flags/stream} with
 * valid SSE headers and one {@code retry:} field, then sends nothing and never closes, as a peer behind a dead
 * NAT entry or proxy does. {@code GET /flags} answers revision 1 ("blue"). WireMock cannot do this: it sends the
 * headers with the first body chunk and always finishes the body.
 */
final class SilentStreamStore implements AutoCloseable {

    /** One stream connection: when it was accepted, and when the client let go of it (0 while it holds on). */
    static final class Connection {
        final long acceptedNanos = System.nanoTime();
        volatile long droppedNanos;
        /** The request's headers, one per line, to tell whose connection it is. */
        final StringBuilder headers = new StringBuilder();

        @Override
        public String toString() {
            return "stream request with headers " + headers;
        }
    }

    private final ServerSocket server;
    private final long retryMillis;
    private final ExecutorService executor = Executors.newCachedThreadPool(TestThreads.daemon("test-silent-store"));
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Connection> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger documentRequests = new AtomicInteger();
    private volatile boolean closed;

    /** The stream's {@code retry:} field: how long the client waits before it reconnects. */
    SilentStreamStore(long retryMillis) throws IOException {
        this.retryMillis = retryMillis;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/flags");
    }

    /** Every stream connection so far, in order. */
    List<Connection> streams() {
        return List.copyOf(streams);
    }

    int documentRequests() {
        return documentRequests.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket) {
        Connection stream = null;
        try (socket) {
            socket.setTcpNoDelay(true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            String requestLine = in.readLine();
            StringBuilder headers = new StringBuilder();
            String header;
            do {
                header = in.readLine(); // the request's headers, up to the blank line
                if (header != null && !header.isEmpty()) {
                    headers.append(header).append('\n');
                }
            } while (header != null && !header.isEmpty());
            OutputStream out = socket.getOutputStream();
            if (requestLine != null && requestLine.startsWith("GET /flags/stream ")) {
                stream = new Connection();
                stream.headers.append(headers);
                streams.add(stream);
                String retry = "retry: " + retryMillis + "\n";
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(retry.length()) + "\r\n" + retry + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                // Silent from here on. The client sends nothing more on this connection, so a read ends only
                // when the client closes it (end of stream) or resets it (an exception).
                while (in.read() >= 0) {
                    // Nothing is expected; keep waiting for the end.
                }
                stream.droppedNanos = System.nanoTime();
            } else {
                documentRequests.incrementAndGet();
                byte[] body = HttpFlagSourceWireMockTest.document(1, "blue", 0).getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException e) {
            if (stream != null && !closed) {
                stream.droppedNanos = System.nanoTime(); // reset by the client
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        executor.shutdownNow();
    }
}
