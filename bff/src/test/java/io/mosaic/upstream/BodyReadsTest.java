package io.mosaic.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BodyReadsTest {

    @Test
    void aDeclaredBodyIsAskedForWholeThenItsEndWithOneByte() {
        Body in = new Body(bytes(4_600), Integer.MAX_VALUE);
        assertArrayEquals(in.data, BodyReads.declared(in, 4_600));
        assertEquals(List.of(4_600, 1), in.asked);
    }

    @Test
    void aDeclaredBodyInPiecesIsAskedForWhatIsLeft() {
        Body in = new Body(bytes(4_600), 1_500);
        assertArrayEquals(in.data, BodyReads.declared(in, 4_600));
        assertEquals(List.of(4_600, 3_100, 1_600, 100, 1), in.asked);
    }

    @Test
    void aDeclaredBodyThatEndsEarlyOrGoesOnIsRefused() {
        UncheckedIOException early = assertThrows(UncheckedIOException.class,
                () -> BodyReads.declared(new Body(bytes(100), 64), 200));
        assertInstanceOf(EOFException.class, early.getCause());
        assertNull(BodyReads.declared(new Body(bytes(201), 64), 200));
        assertArrayEquals(new byte[0], BodyReads.declared(new Body(new byte[0], 64), 0));
    }

    @Test
    void aBodyOfUnknownLengthIsReadInChunksAndItsEndLookedForAfterAShortRead() {
        Body small = new Body(bytes(3_000), Integer.MAX_VALUE);
        assertArrayEquals(small.data, BodyReads.atMost(small, 1 << 20));
        assertEquals(List.of(BodyReads.CHUNK, 1), small.asked);

        Body large = new Body(bytes(40_000), BodyReads.CHUNK);
        assertArrayEquals(large.data, BodyReads.atMost(large, 1 << 20));
        assertTrue(large.asked.stream().allMatch(ask -> ask <= BodyReads.CHUNK), large.asked.toString());
        assertEquals(1, large.asked.getLast());
    }

    @Test
    void aBodyOfUnknownLengthOverTheLimitIsRefusedAndReadingStops() {
        Body in = new Body(bytes(100_000), 7_000);
        assertNull(BodyReads.atMost(in, 10_000));
        assertEquals(10_001, in.served);
        Body exact = new Body(bytes(10_000), 7_000);
        assertArrayEquals(exact.data, BodyReads.atMost(exact, 10_000));
        assertArrayEquals(new byte[0], BodyReads.atMost(new Body(new byte[0], 1), 10));
    }

    @Test
    void aCopyAsksForTheDeclaredLengthNotForSixteenKilobytes() throws Exception {
        Body in = new Body(bytes(4_600), Integer.MAX_VALUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BodyReads.copy(in, out, 4_600);
        assertArrayEquals(in.data, out.toByteArray());
        assertEquals(List.of(4_600, 1), in.asked);
    }

    @Test
    void aCopyOfALargeOrUndeclaredBodyGoesThroughABoundedBuffer() throws Exception {
        for (long declared : new long[] {200_000, -1}) {
            Body in = new Body(bytes(200_000), 30_000);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BodyReads.copy(in, out, declared);
            assertArrayEquals(in.data, out.toByteArray());
            int most = declared < 0 ? BodyReads.CHUNK : BodyReads.MAX_COPY_BUFFER;
            assertTrue(in.asked.stream().allMatch(ask -> ask <= most), in.asked.toString());
        }
        Body empty = new Body(new byte[0], 1);
        BodyReads.copy(empty, new ByteArrayOutputStream(), 0);
        assertEquals(List.of(1), empty.asked);
    }

    @Test
    void aCopyOfABodyShorterThanDeclaredFailsAfterPassingOnWhatCame() {
        Body in = new Body(bytes(1_000), 400);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(EOFException.class, () -> BodyReads.copy(in, out, 5_000));
        assertEquals(1_000, out.size());
    }

    private static byte[] bytes(int n) {
        byte[] data = new byte[n];
        new Random(n).nextBytes(data);
        return data;
    }

    /** A body that hands out at most {@code piece} bytes per read, and remembers what each read asked for. */
    private static final class Body extends InputStream {
        final byte[] data;
        final int piece;
        final List<Integer> asked = new ArrayList<>();
        int served;

        Body(byte[] data, int piece) {
            this.data = data;
            this.piece = piece;
        }

        @Override
        public int read() {
            asked.add(1);
            return served < data.length ? data[served++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            asked.add(len);
            if (len == 0) {
                return 0;
            }
            if (served == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, piece), data.length - served);
            System.arraycopy(data, served, b, off, n);
            served += n;
            return n;
        }
    }
}
