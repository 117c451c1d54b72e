package io.mosaic.http;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

/**
 * Keeps a bounded copy of a streamed direct answer for the shadow comparison, without delaying the stream.
 * Past the limit the copy is dropped and no comparison is made.
 */
final class ShadowCopy {

    static final int LIMIT = 1024 * 1024;

    private final ByteArrayOutputStream copy = new ByteArrayOutputStream(8192);
    private boolean overflowed;

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
        if (overflowed) {
            return;
        }
        if (copy.size() + len > LIMIT) {
            overflowed = true;
            copy.reset();
        } else {
            copy.write(b, off, len);
        }
    }

    Optional<byte[]> bytes() {
        return overflowed ? Optional.empty() : Optional.of(copy.toByteArray());
    }
}
