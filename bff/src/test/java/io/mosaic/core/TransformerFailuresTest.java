package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransformerFailuresTest {

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger log = Logger.getLogger(Enricher.class.getName());

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    @Test
    void aFailingTransformerIsWarnedAboutOnceAMinuteWithTheCountInBetween() {
        AtomicLong now = new AtomicLong(1_000);
        TransformerFailures failures = new TransformerFailures(now::get);
        IllegalStateException bug = new IllegalStateException("bug");
        failures.failed("design", bug);
        for (int i = 0; i < 99; i++) {
            failures.failed("design", new IllegalStateException("again"));
        }
        failures.failed("owner", bug);
        assertEquals(List.of("enricher 'design': transformer failed; warned at most once a minute",
                "enricher 'owner': transformer failed; warned at most once a minute"),
                logged.stream().map(LogRecord::getMessage).toList());
        assertSame(bug, logged.getFirst().getThrown());

        now.addAndGet(TransformerFailures.EVERY_NANOS);
        failures.failed("design", bug);
        assertEquals("enricher 'design': transformer failed (and 99 times since the last warning); warned at most"
                + " once a minute", logged.getLast().getMessage());
        assertEquals(3, logged.size());
    }
}
