package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A drain is over after the drain delay and the grace period, even when a request is still running then. */
class ShutdownGraceTest {

    private static final Duration DRAIN_DELAY = Duration.ofMillis(100);
    private static final Duration GRACE = Duration.ofSeconds(5);

    @TempDir
    Path enrichers;

    @Test
    void aRequestStillRunningAfterTheGracePeriodDoesNotDelayTheStopByAnotherGracePeriod() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (StubUpstream monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            StubUpstream.json(res, "{\"id\":\"1\"}");
        }))) {
            TestMosaic mosaic = TestMosaic.builder(enrichers)
                    .upstream("monolith", monolith.uri())
                    .set("mosaic.deadline", "PT60S")
                    .set("mosaic.entities.deployables.timeout", "PT60S")
                    .set("mosaic.shutdown.drain-delay", "PT0.1S")
                    .set("mosaic.shutdown.grace-period", "PT5S")
                    .start();
            try {
                CompletableFuture<HttpResponse<String>> stuck = CompletableFuture.supplyAsync(() -> {
                    try {
                        return mosaic.get("/api/deployables/1");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                mosaic.awaitInFlight();
                assertEquals(1, mosaic.server().lifecycle().inFlight(), "the request is in flight before the drain");
                long start = System.nanoTime();
                mosaic.server().drainAndStop();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                // Helidon's own grace period used to follow Mosaic's: drain delay + 2 x grace period (10.1 s here)
                assertTrue(took.compareTo(DRAIN_DELAY.plus(GRACE).plusMillis(3500)) < 0,
                        "the drain took " + took.toMillis() + " ms");
                assertTrue(stuck.handle((response, failure) -> failure != null).get(10, TimeUnit.SECONDS),
                        "the request still running was cut off");
            } finally {
                release.countDown();
                mosaic.close();
            }
        }
    }
}
