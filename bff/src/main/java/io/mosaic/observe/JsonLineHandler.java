package io.mosaic.observe;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/**
 * Writes each record's message alone on one line to standard output, so log collectors read the access log as
 * JSON lines. Mosaic installs it on the {@code io.mosaic.access} logger unless {@code logging.properties}
 * gives that logger handlers of its own.
 */
public final class JsonLineHandler extends StreamHandler {

    public JsonLineHandler() {
        super(System.out, new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        });
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
    }
}
