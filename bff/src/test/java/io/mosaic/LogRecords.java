package io.mosaic;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one logger publishes while a test listens: a handler on it, taken off again when closed. */
public final class LogRecords implements AutoCloseable {

    /** Held, so that the handler stays on this very logger while the test listens. */
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogRecords(Logger logger) {
        this.logger = logger;
        logger.addHandler(handler);
    }

    /** Start listening to the logger of this name. */
    public static LogRecords of(String loggerName) {
        return new LogRecords(Logger.getLogger(loggerName));
    }

    /** The records published so far, oldest first. */
    public List<LogRecord> all() {
        return List.copyOf(records);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
