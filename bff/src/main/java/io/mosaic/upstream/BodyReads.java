package io.mosaic.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Reads an upstream answer's body from the web client's entity stream, asking each read for no more than is likely to
 * come. Helidon's client fills every read from a buffer of its own as large as the read asks for (512 bytes for a
 * one-byte {@code read()}), so a read that asks for 16 KB allocates 16 KB, however few bytes follow, and so does the
 * read that only finds the end. A body of a declared length is asked for by what is left of it; a body of unknown
 * length is read in {@link #CHUNK}s; and where the end is likely, after the declared length or after a read that
 * came back short, it is looked for with a one-byte read into a one-byte array.
 *
 * <p>None of these closes the stream: closing a body that failed would read on (see {@link Exchange}); closing the
 * response is what ends the exchange.
 */
final class BodyReads {

    /** The read size for a body of unknown length. */
    static final int CHUNK = 8 * 1024;
    /** The largest copy buffer of {@link #copy}: a declared body up to this size goes through one of its own size. */
    static final int MAX_COPY_BUFFER = 64 * 1024;

    private BodyReads() {
    }

    /**
     * A body of a declared length, read straight into an array of that length.
     *
     * @return the whole body, or null when more than {@code length} bytes follow
     * @throws UncheckedIOException when the body ends early
     */
    static byte[] declared(InputStream in, int length) {
        try {
            byte[] body = new byte[length];
            int read = in.readNBytes(body, 0, length);
            if (read < length) {
                throw new EOFException("body ended after " + read + " of " + length + " declared bytes");
            }
            return ended(in) ? body : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A body of unknown length (chunked, or until the upstream closes), read to its end.
     *
     * @return the whole body, or null when it is longer than {@code limit}; reading stops after {@code limit + 1}
     * bytes
     */
    static byte[] atMost(InputStream in, int limit) {
        long cap = (long) limit + 1;
        try {
            byte[] buffer = new byte[(int) Math.min(cap, CHUNK)];
            int size = 0;
            boolean probe = false;
            while (size < cap) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(cap, 2L * size));
                }
                int ask = probe ? 1 : Math.min(buffer.length - size, CHUNK);
                int read = in.read(buffer, size, ask);
                if (read < 0) {
                    return Arrays.copyOf(buffer, size);
                }
                size += read;
                probe = read < ask;
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the whole body to {@code out} as it comes, through a buffer the size of the declared length (at most
     * {@link #MAX_COPY_BUFFER}), or of {@link #CHUNK} when no length is declared.
     *
     * @param declared the declared length, or a negative number when there is none
     * @throws EOFException when the body ends before its declared length
     * @throws IOException  when reading or writing fails
     */
    static void copy(InputStream in, OutputStream out, long declared) throws IOException {
        byte[] buffer = new byte[declared < 0 ? CHUNK : Math.clamp(declared, 1, MAX_COPY_BUFFER)];
        long left = declared;
        boolean probe = declared == 0;
        while (true) {
            int ask = probe ? 1 : (int) (left < 0 ? buffer.length : Math.min(left, buffer.length));
            int read = in.read(buffer, 0, ask);
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            if (left >= 0) {
                left = Math.max(0, left - read);
                probe = left == 0;
            } else {
                probe = read < ask;
            }
        }
        if (left > 0) {
            throw new EOFException("body ended " + left + " bytes before its declared length of " + declared);
        }
    }

    /** Whether the body has ended: a one-byte read, so that the client sets aside one byte for it, not 512. */
    private static boolean ended(InputStream in) throws IOException {
        return in.read(new byte[1], 0, 1) < 0;
    }
}
