package io.mosaic.observe;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes each record's message alone on one line to standard output, so log collectors read the access log as
 * JSON lines. Mosaic installs it on the {@code io.mosaic.access} logger unless {@code logging.properties}
 * gives that logger handlers of its own.
 *
 * <p>Lines are buffered (64 KB) and flushed at least every {@link #FLUSH_EVERY} by a daemon thread, and when the
 * handler is closed or {@link #flush()}ed at shutdown: one write system call per batch instead of per request.
 * A crash can lose the last {@code FLUSH_EVERY} of lines.
 */
public final class JsonLineHandler extends StreamHandler {

    static final Duration FLUSH_EVERY = Duration.ofMillis(200);

    private volatile boolean closed;

    public JsonLineHandler() {
        this(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024), FLUSH_EVERY);
    }

    JsonLineHandler(OutputStream out, Duration flushEvery) {
        super(out, new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        });
        Thread.ofPlatform().daemon().name("mosaic-access-log-flush").start(() -> {
            try {
                while (!closed) {
                    Thread.sleep(flushEvery);
                    flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        super.close();
    }
}
