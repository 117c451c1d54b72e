package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CallLogTest {

    @Test
    void slowestIsTheLongestCallAndZeroWithoutCalls() {
        CallLog log = CallLog.create();
        assertEquals(0, log.slowestNanos());
        log.add("base", 20_000_000L, "ok");
        log.add("translations", 41_000_000L, "ok");
        log.add("visual-design", 100_000L, "cache-hit");
        assertEquals(41_000_000L, log.slowestNanos());
        assertEquals(3, log.calls().size());
    }

    @Test
    void theNoneLogRecordsNothing() {
        CallLog.NONE.add("base", 5, "ok");
        assertEquals(0, CallLog.NONE.slowestNanos());
    }
}
