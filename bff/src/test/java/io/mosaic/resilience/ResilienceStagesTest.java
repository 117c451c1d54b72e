package io.mosaic.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineStage;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.FetchStage;
import io.mosaic.core.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ResilienceStagesTest {

    private static FetchRequest request() {
        return new FetchRequest("/x", Map.of(), Deadline.after(Duration.ofSeconds(5)));
    }

    @Test
    void fullBulkheadDegradesAtOnceWithoutWaiting() throws Exception {
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Fetch fetch = new BulkheadStage(BulkheadStage.bulkhead("test", 2)).apply(request -> {
            calls.incrementAndGet();
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FetchResult.Ok(200, "{}".getBytes());
        });
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<FetchResult> first = pool.submit(() -> fetch.fetch(request()));
            Future<FetchResult> second = pool.submit(() -> fetch.fetch(request()));
            assertTrue(inside.await(10, TimeUnit.SECONDS));
            FetchResult third = fetch.fetch(request());
            assertEquals(Reason.BULKHEAD_FULL, assertInstanceOf(FetchResult.Failed.class, third).reason());
            release.countDown();
            assertInstanceOf(FetchResult.Ok.class, first.get(10, TimeUnit.SECONDS));
            assertInstanceOf(FetchResult.Ok.class, second.get(10, TimeUnit.SECONDS));
        }
        assertEquals(2, calls.get());
        assertInstanceOf(FetchResult.Ok.class, fetch.fetch(request()), "permits are released after each call");
    }

    @Test
    void circuitOpensOnFailuresStopsCallingAndRecoversThroughHalfOpenProbes() {
        ResilienceSettings settings = new ResilienceSettings(true, 50, 100, Duration.ofSeconds(1), 4, 4,
                Duration.ofMillis(200), 1);
        CircuitBreaker breaker = settings.breaker("test");
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<FetchResult> answer = new AtomicReference<>(FetchResult.failed(Reason.ERROR, "down"));
        Fetch fetch = new CircuitBreakerStage(breaker).apply(request -> {
            calls.incrementAndGet();
            return answer.get();
        });
        for (int i = 0; i < 4; i++) {
            fetch.fetch(request());
        }
        assertEquals(CircuitBreaker.State.OPEN, breaker.getState());
        FetchResult whileOpen = fetch.fetch(request());
        assertEquals(Reason.CIRCUIT_OPEN, assertInstanceOf(FetchResult.Failed.class, whileOpen).reason());
        assertEquals(4, calls.get(), "no call while open");

        answer.set(new FetchResult.Ok(200, "{}".getBytes()));
        breaker.transitionToHalfOpenState();
        assertInstanceOf(FetchResult.Ok.class, fetch.fetch(request()));
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
    }

    @Test
    void aHalfOpenProbeThatThrowsAnErrorCountsAsAFailureAndGivesItsPermitBack() {
        ResilienceSettings settings = new ResilienceSettings(true, 50, 100, Duration.ofSeconds(1), 4, 4,
                Duration.ofSeconds(10), 1);
        CircuitBreaker breaker = settings.breaker("test");
        AtomicReference<Error> error = new AtomicReference<>(new OutOfMemoryError("Java heap space"));
        Fetch fetch = new CircuitBreakerStage(breaker).apply(request -> {
            if (error.get() != null) {
                throw error.get();
            }
            return new FetchResult.Ok(200, "{}".getBytes());
        });
        breaker.transitionToOpenState();
        breaker.transitionToHalfOpenState();
        assertThrows(OutOfMemoryError.class, () -> fetch.fetch(request()));
        assertEquals(CircuitBreaker.State.OPEN, breaker.getState(), "the failed probe reopens the circuit");
        assertEquals(1, breaker.getMetrics().getNumberOfFailedCalls());

        error.set(null);
        breaker.transitionToHalfOpenState();
        assertInstanceOf(FetchResult.Ok.class, fetch.fetch(request()), "the next probe is let through");
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
    }

    /**
     * The stages as Mosaic stacks them around an enricher call (breaker, bulkhead, deadline): when the call's deadline
     * has passed before it begins, because the monolith used it up for an enricher that needs base fields or the
     * replica was starved of CPU, the upstream is not called and not blamed.
     */
    @Test
    void callsThatNeverBeganBecauseTheirDeadlineHadPassedDoNotOpenTheCircuit() {
        ResilienceSettings settings = new ResilienceSettings(true, 50, 100, Duration.ofSeconds(1), 4, 4,
                Duration.ofSeconds(10), 1);
        CircuitBreaker breaker = settings.breaker("test");
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
        try {
            AtomicInteger calls = new AtomicInteger();
            Fetch fetch = FetchStage.wrap(request -> {
                calls.incrementAndGet();
                return new FetchResult.Ok(200, "{}".getBytes());
            }, List.of(new CircuitBreakerStage(breaker), new BulkheadStage(BulkheadStage.bulkhead("test", 2)),
                    new DeadlineStage(new DeadlineTimer(timer))));
            for (int i = 0; i < 10; i++) {
                FetchResult late = fetch.fetch(new FetchRequest("/x", Map.of(), new Deadline(System.nanoTime() - 1)));
                assertEquals(Reason.TIMEOUT, assertInstanceOf(FetchResult.Failed.class, late).reason());
            }
            assertEquals(0, calls.get());
            assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
            assertEquals(0, breaker.getMetrics().getNumberOfBufferedCalls(), "nothing recorded");
            assertInstanceOf(FetchResult.Ok.class, fetch.fetch(request()));

            breaker.transitionToOpenState();
            breaker.transitionToHalfOpenState();
            fetch.fetch(new FetchRequest("/x", Map.of(), new Deadline(System.nanoTime() - 1)));
            assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.getState(), "the probe's permit is given back");
            assertInstanceOf(FetchResult.Ok.class, fetch.fetch(request()));
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void notFoundFullBulkheadAndCancelledCallsDoNotOpenTheCircuit() {
        ResilienceSettings settings = new ResilienceSettings(true, 50, 100, Duration.ofSeconds(1), 4, 4,
                Duration.ofSeconds(10), 1);
        CircuitBreaker breaker = settings.breaker("test");
        Fetch notFound = new CircuitBreakerStage(breaker).apply(request -> new FetchResult.NotFound());
        Fetch full = new CircuitBreakerStage(breaker).apply(request -> FetchResult.failed(Reason.BULKHEAD_FULL, "full"));
        Fetch cancelled = new CircuitBreakerStage(breaker).apply(request -> FetchResult.failed(Reason.CANCELLED, "x"));
        for (int i = 0; i < 10; i++) {
            notFound.fetch(request());
            full.fetch(request());
            cancelled.fetch(request());
        }
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
    }
}
