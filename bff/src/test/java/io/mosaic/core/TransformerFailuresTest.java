package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.mosaic.LogRecords;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransformerFailuresTest {

    private final LogRecords log = LogRecords.of(Enricher.class.getName());

    @AfterEach
    void stopListening() {
        log.close();
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
        List<LogRecord> logged = log.all();
        assertEquals(List.of("enricher 'design': transformer failed; warned at most once a minute",
                "enricher 'owner': transformer failed; warned at most once a minute"),
                logged.stream().map(LogRecord::getMessage).toList());
        assertSame(bug, logged.getFirst().getThrown());

        now.addAndGet(TransformerFailures.EVERY_NANOS);
        failures.failed("design", bug);
        logged = log.all();
        assertEquals("enricher 'design': transformer failed (and 99 times since the last warning); warned at most"
                + " once a minute", logged.getLast().getMessage());
        assertEquals(3, logged.size());
    }
}
