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
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A static file server as {@code python3 -m http.server} is one, on a bare loopback socket with a clock the test
 * sets: {@code GET /flags} answers the document with {@code Date} (its clock) and {@code Last-Modified} (when the
 * document was last written), both in whole seconds, and {@code 304} when {@code If-Modified-Since} is not before
 * the document's date. No ETag. (The JDK server sets its own Date header, so it cannot play this part.)
 */
final class DatedStore implements AutoCloseable {

    /** One request: the If-Modified-Since it carried (null for none) and the status answered. */
    record Request(String ifModifiedSince, int status) {
    }

    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final ServerSocket server;
    private final ExecutorService executor = Executors.newCachedThreadPool(TestThreads.daemon("test-dated-store"));
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Instant now;
    private volatile Instant modified;
    private volatile String document;

    DatedStore(Instant now) throws IOException {
        this.now = now;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.execute(this::accept);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/flags");
    }

    /** The store's clock. */
    void now(Instant instant) {
        now = instant;
    }

    /** Writes the file now: its Last-Modified is the current second. */
    void write(long revision, String color) {
        document = HttpFlagSourceWireMockTest.document(revision, color, 0);
        modified = now;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            in.readLine();
            String ifModifiedSince = null;
            for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
                if (header.regionMatches(true, 0, "If-Modified-Since:", 0, 18)) {
                    ifModifiedSince = header.substring(18).trim();
                }
            }
            Instant lastModified = modified.truncatedTo(ChronoUnit.SECONDS);
            String dates = "Date: " + HTTP_DATE.format(now) + "\r\nLast-Modified: " + HTTP_DATE.format(lastModified)
                    + "\r\n";
            OutputStream out = socket.getOutputStream();
            if (ifModifiedSince != null
                    && !lastModified.isAfter(Instant.from(HTTP_DATE.parse(ifModifiedSince)))) {
                requests.add(new Request(ifModifiedSince, 304));
                out.write(("HTTP/1.1 304 Not Modified\r\n" + dates + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            } else {
                requests.add(new Request(ifModifiedSince, 200));
                byte[] body = document.getBytes(StandardCharsets.UTF_8);
                out.write(("HTTP/1.1 200 OK\r\n" + dates + "Content-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            // The client went away.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        executor.shutdownNow();
    }
}
