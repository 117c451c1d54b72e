package io.mosaic.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mosaic.core.CallLog;
import org.junit.jupiter.api.Test;

class ServerTimingTest {

    @Test
    void formatsMillisecondsWithOneDecimal() {
        assertEquals("0.0", ServerTiming.millis(0));
        assertEquals("0.1", ServerTiming.millis(50_000));
        assertEquals("1.2", ServerTiming.millis(1_234_567));
        assertEquals("1000.0", ServerTiming.millis(999_999_999));
    }

    @Test
    void listsEachCallThenTheTotalAndMarksWhatWasNotOk() {
        CallLog log = CallLog.create();
        log.add("base", 21_400_000, "ok");
        log.add(ServerTiming.token("visual design"), 100_000, "cache-hit");
        assertEquals("base;dur=21.4, visual_design;dur=0.1;desc=\"cache-hit\", total;dur=22.0",
                ServerTiming.header(log, 22_000_000));
    }
}
