package dev.flags.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseReaderTest {

    private final AtomicInteger lines = new AtomicInteger();

    @Test
    void anEventIsDispatchedAtItsBlankLineWithItsId() throws IOException {
        SseReader reader = reader("id: 43\nevent: revision\ndata: {\"revision\": 43}\n\n");

        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo("43");
        assertThat(reader.next()).isFalse();
        assertThat(lines).hasValue(4);
    }

    @Test
    void commentsAreActivityButNoEvent() throws IOException {
        SseReader reader = reader(": heartbeat\n\n:\n\n");

        assertThat(reader.next()).isFalse();
        assertThat(lines).hasValue(4);
    }

    @Test
    void anIdAloneDispatchesNothingButIsKeptForTheNextEvent() throws IOException {
        SseReader reader = reader("id: 7\n\ndata: x\n\n");

        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo("7");
    }

    @Test
    void anEventCutShortByTheEndOfTheStreamIsNotDispatchedNorItsIdKept() throws IOException {
        SseReader reader = reader("id: 1\ndata: a\n\nid: 2\ndata: {\"revi");

        assertThat(reader.next()).isTrue();
        assertThat(reader.next()).isFalse();
        assertThat(reader.lastEventId()).isEqualTo("1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"CRLF", "CR", "LF"})
    void everyLineEndingTheSpecificationAllowsIsALineEnd(String ending) throws IOException {
        String end = ending.equals("CRLF") ? "\r\n" : ending.equals("CR") ? "\r" : "\n";
        SseReader reader = reader("id: 5" + end + "data: x" + end + end + "data: y" + end + end);

        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo("5");
        assertThat(reader.next()).isTrue();
        assertThat(reader.next()).isFalse();
        assertThat(lines).hasValue(5);
    }

    @Test
    void linesSplitAcrossReadsAndACrlfSplitBetweenItsTwoBytesReadAsOne() throws IOException {
        byte[] bytes = "id: 12\r\ndata: x\r\n\r\nid: 13\r\ndata: y\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        SseReader reader = new SseReader(new OneByteAtATime(bytes), null, 4096, lines::incrementAndGet);

        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo("12");
        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo("13");
        assertThat(reader.next()).isFalse();
        assertThat(lines).as("a CR and its LF in separate reads are one line end").hasValue(6);
    }

    @Test
    void aFieldWithoutAColonIsTheWholeLineWithAnEmptyValue() throws IOException {
        SseReader reader = reader("data\n\n");

        assertThat(reader.next()).isTrue();
    }

    @Test
    void onlyOneSpaceAfterTheColonIsDropped() throws IOException {
        SseReader reader = reader("id:  padded\ndata: x\n\n");

        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo(" padded");
    }

    @Test
    void unknownFieldsAreIgnored() throws IOException {
        SseReader reader = reader("colour: blue\n\n");

        assertThat(reader.next()).isFalse();
    }

    @Test
    void aLeadingByteOrderMarkIsSkipped() throws IOException {
        SseReader reader = reader("\uFEFFid: 9\ndata: x\n\n");

        assertThat(reader.next()).isTrue();
        assertThat(reader.lastEventId()).isEqualTo("9");
    }

    @Test
    void theRetryFieldIsReadAsDigitsAndCappedAtAMinute() throws IOException {
        assertThat(retryAfterReading("retry: 2500\n\n")).isEqualTo(2_500);
        assertThat(retryAfterReading("retry: 99999999999999999999\n\n")).isEqualTo(60_000);
        assertThat(retryAfterReading("retry: 61000\n\n")).isEqualTo(60_000);
        assertThat(retryAfterReading("retry: 1.5\n\n")).as("not digits: ignored").isEqualTo(-1);
        assertThat(retryAfterReading("retry: -5\n\n")).isEqualTo(-1);
        assertThat(retryAfterReading("retry: 3000\n\nretry: soon\n\n")).as("an invalid one keeps the last")
                .isEqualTo(3_000);
    }

    @Test
    void anIdWithANulIsIgnored() throws IOException {
        SseReader reader = reader("id: 1\ndata: x\n\nid: a\0b\ndata: y\n\n");

        reader.next();
        reader.next();

        assertThat(reader.lastEventId()).isEqualTo("1");
    }

    @Test
    void anIdTooLongOrUnfitForAHeaderIsIgnoredRatherThanEchoed() throws IOException {
        SseReader reader = reader("id: 1\ndata: x\n\nid: " + "x".repeat(300) + "\ndata: y\n\n"
                + "id: caf\u00e9\u2603\ndata: z\n\n");

        reader.next();
        reader.next();
        reader.next();

        assertThat(reader.lastEventId()).isEqualTo("1");
    }

    @Test
    void aLineLongerThanTheLimitEndsTheReadingInsteadOfGrowingTheHeap() {
        // An endless line: a reader that buffered lines would run out of memory.
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        SseReader reader = new SseReader(endless, null, 1 << 20, lines::incrementAndGet);

        assertThatThrownBy(reader::next).isInstanceOf(SseReader.Oversized.class)
                .hasMessage("the store sent a line longer than 1048576 bytes");
    }

    @Test
    void anEventLongerThanTheLimitEndsTheReading() {
        SseReader reader = new SseReader(stream(("data: " + "x".repeat(90) + "\n").repeat(20) + "\n"), null, 1000,
                lines::incrementAndGet);

        assertThatThrownBy(reader::next).isInstanceOf(SseReader.Oversized.class)
                .hasMessage("the store sent an event longer than 1000 bytes");
    }

    @Test
    void aDataLineUpToTheLimitIsReadWithoutKeepingIt() throws IOException {
        SseReader reader = new SseReader(stream("data: " + "x".repeat(900) + "\n\n"), null, 1000,
                lines::incrementAndGet);

        assertThat(reader.next()).isTrue();
    }

    private long retryAfterReading(String text) throws IOException {
        SseReader reader = reader(text);
        while (reader.next()) {
            // Read to the end.
        }
        return reader.retryMillis();
    }

    private SseReader reader(String text) {
        return new SseReader(stream(text), null, 4096, lines::incrementAndGet);
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out one byte per read, as a slow network may: every line and every CRLF is split across reads. */
    private static final class OneByteAtATime extends InputStream {
        private final byte[] bytes;
        private int position;

        OneByteAtATime(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (position >= bytes.length) {
                return -1;
            }
            b[off] = bytes[position++];
            return 1;
        }
    }
}
