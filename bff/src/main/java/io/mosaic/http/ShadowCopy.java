package io.mosaic.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Keeps a bounded copy of a streamed direct answer for the shadow comparison, without delaying the stream. The copy
 * takes its bytes from the shadow's room as it grows, and gives them back when closed. Past {@link #LIMIT}, or when
 * the room is used up, the copy is dropped and no comparison is made.
 */
final class ShadowCopy implements AutoCloseable {

    static final int LIMIT = 1024 * 1024;

    private final Semaphore room;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream(8192);
    private int taken;

    ShadowCopy(Semaphore room) {
        this.room = room;
    }

    OutputStream tee(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                keep(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                keep(b, off, len);
            }
        };
    }

    private void keep(byte[] b, int off, int len) {
        if (copy == null) {
            return;
        }
        if (taken + len > LIMIT || !room.tryAcquire(len)) {
            copy = null;
            close();
            return;
        }
        taken += len;
        copy.write(b, off, len);
    }

    /** The whole answer, or empty when it was dropped. */
    Optional<byte[]> bytes() {
        return copy == null ? Optional.empty() : Optional.of(copy.toByteArray());
    }

    /** Gives the room back; the comparison takes its own for the bytes it keeps. */
    @Override
    public void close() {
        room.release(taken);
        taken = 0;
    }
}
