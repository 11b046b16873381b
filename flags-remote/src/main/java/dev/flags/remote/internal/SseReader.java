package dev.flags.remote.internal;

import dev.flags.remote.HttpFlagSource.Builder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads server-sent events as the HTML specification says (lines ending in CR, LF or CRLF, {@code :} comments,
 * {@code id}, {@code event}, {@code data} and {@code retry} fields), within bounds: a line or an event longer than
 * the limit ends the reading with an {@link Oversized} error instead of growing the heap. Event data is not kept
 * (the client fetches the document itself), so memory stays a few kilobytes whatever the store sends.
 */
final class SseReader {

    /** The most of a line kept to read its field: enough for any {@code id}, {@code event} or {@code retry}. */
    static final int KEPT = 1024;
    /** The longest {@code id} sent back as {@code Last-Event-ID}; a longer one is ignored, as validators are. */
    static final int MAX_ID_LENGTH = 200;

    /** The store sent a line or an event longer than the limit. */
    static final class Oversized extends IOException {
        private static final long serialVersionUID = 1L;

        Oversized(String message) {
            super(message);
        }
    }

    private final InputStream in;
    private final long limit;
    private final Runnable onLine;
    private final byte[] kept = new byte[KEPT];
    private final byte[] buffer = new byte[8192];
    private int position;
    private int end;
    private boolean afterCr;
    private boolean bomChecked;
    private String lastEventId;
    private long retryMillis = -1;

    /**
     * @param lastEventId the id to start from (null for none)
     * @param limit       the longest line and the longest event, in bytes
     * @param onLine      called for every line read, comments included: the stream is alive
     */
    SseReader(InputStream in, String lastEventId, long limit, Runnable onLine) {
        this.in = in;
        this.lastEventId = lastEventId;
        this.limit = limit;
        this.onLine = onLine;
    }

    /** The id of the last event dispatched (or the one given at the start): what a reconnect resumes from. */
    String lastEventId() {
        return lastEventId;
    }

    /** The reconnection time the last valid {@code retry:} field asked for, at most 60 s; -1 when none did. */
    long retryMillis() {
        return retryMillis;
    }

    /**
     * Reads up to the next event and returns true, or returns false at the end of the stream (an event cut
     * short by it is not dispatched).
     */
    boolean next() throws IOException {
        String id = lastEventId;
        boolean pending = false;
        long eventBytes = 0;
        while (true) {
            long length = readLine();
            if (length < 0) {
                return false;
            }
            onLine.run();
            eventBytes += length;
            if (eventBytes > limit) {
                throw new Oversized("the store sent an event longer than " + limit + " bytes");
            }
            if (length == 0) {
                lastEventId = id; // committed only with a complete event, as the specification says
                if (pending) {
                    return true;
                }
                eventBytes = 0;
                continue;
            }
            int keptLength = (int) Math.min(length, KEPT);
            if (kept[0] == ':') {
                continue;
            }
            int colon = indexOf(kept, keptLength, (byte) ':');
            String field = new String(kept, 0, colon < 0 ? keptLength : colon, StandardCharsets.UTF_8);
            int valueStart = colon < 0 ? keptLength : colon + 1 < keptLength && kept[colon + 1] == ' ' ? colon + 2
                    : colon + 1;
            switch (field) {
                case "data", "event" -> pending = true;
                case "id" -> {
                    String value = new String(kept, valueStart, keptLength - valueStart, StandardCharsets.UTF_8);
                    if (length == keptLength && value.indexOf('\0') < 0 && Requests.fitsHeader(value, MAX_ID_LENGTH)) {
                        id = value;
                    }
                }
                case "retry" -> retryMillis = retryMillis(
                        length == keptLength ? new String(kept, valueStart, keptLength - valueStart,
                                StandardCharsets.US_ASCII) : "", retryMillis);
                default -> {
                    // Unknown fields are ignored, as the specification says.
                }
            }
        }
    }

    /** The reconnection time a {@code retry:} field asks for, at most a minute; digits only, as the spec says. */
    static long retryMillis(String value, long current) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return current;
        }
        long max = Builder.MAX_STREAM_RETRY.toMillis();
        return value.length() > 6 ? max : Math.min(Long.parseLong(value), max);
    }

    /** Reads one line into {@link #kept} (as much as fits); returns its length in bytes, or -1 at the end. */
    private long readLine() throws IOException {
        long length = 0;
        while (true) {
            if (position == end) {
                end = in.read(buffer);
                position = 0;
                if (end < 0) {
                    end = 0;
                    return -1; // a line without its end is no line
                }
                if (!bomChecked) {
                    bomChecked = true;
                    if (end >= 3 && (buffer[0] & 0xff) == 0xef && (buffer[1] & 0xff) == 0xbb
                            && (buffer[2] & 0xff) == 0xbf) {
                        position = 3;
                    }
                }
                continue;
            }
            byte b = buffer[position++];
            if (afterCr) {
                afterCr = false;
                if (b == '\n') {
                    continue; // the LF of a CRLF split from its CR
                }
            }
            if (b == '\r' || b == '\n') {
                afterCr = b == '\r';
                return length;
            }
            if (length < KEPT) {
                kept[(int) length] = b;
            }
            if (++length > limit) {
                throw new Oversized("the store sent a line longer than " + limit + " bytes");
            }
        }
    }

    private static int indexOf(byte[] bytes, int length, byte wanted) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
