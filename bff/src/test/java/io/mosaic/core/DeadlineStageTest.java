package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlineStageTest {

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final DeadlineStage stage = new DeadlineStage(new DeadlineTimer(timer));

    @AfterEach
    void shutdown() {
        timer.shutdownNow();
    }

    private static FetchRequest within(Duration timeout) {
        return new FetchRequest("/x", Map.of(), Deadline.after(timeout));
    }

    @Test
    void answerInTimePassesThroughAndLeavesNoInterrupt() throws Exception {
        FetchResult result = stage.apply(Upstreams.answering("{}")).fetch(within(Duration.ofSeconds(5)));
        assertInstanceOf(FetchResult.Ok.class, result);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void slowCallIsInterruptedAtTheDeadline() {
        long start = System.nanoTime();
        FetchResult result = stage.apply(Upstreams.delayed(Duration.ofSeconds(30), "{}")).fetch(within(Duration.ofMillis(100)));
        assertEquals(Reason.TIMEOUT, assertInstanceOf(FetchResult.Failed.class, result).reason());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
        assertFalse(Thread.interrupted(), "the interrupt must be cleared");
    }

    @Test
    void passedDeadlineSkipsTheCallAndSaysSo() {
        FetchResult result = stage.apply(Upstreams.exploding()).fetch(
                new FetchRequest("/x", Map.of(), new Deadline(System.nanoTime() - 1)));
        FetchResult.Failed failed = assertInstanceOf(FetchResult.Failed.class, result);
        assertEquals(Reason.TIMEOUT, failed.reason());
        assertFalse(failed.called(), "no call was made");
    }

    @Test
    void aCallCutOffAtItsDeadlineWasCalled() {
        FetchResult result = stage.apply(Upstreams.delayed(Duration.ofSeconds(30), "{}")).fetch(within(Duration.ofMillis(50)));
        assertTrue(assertInstanceOf(FetchResult.Failed.class, result).called());
    }

    @Test
    void cancelledAlarmsDoNotPileUp() {
        Fetch fetch = stage.apply(Upstreams.answering("{}"));
        for (int i = 0; i < 1000; i++) {
            fetch.fetch(within(Duration.ofSeconds(30)));
        }
        timer.setRemoveOnCancelPolicy(true);
        timer.purge();
        assertTrue(timer.getQueue().size() < 10, "queued alarms: " + timer.getQueue().size());
    }
}
