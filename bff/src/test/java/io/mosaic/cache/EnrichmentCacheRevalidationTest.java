package io.mosaic.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.cache.EnrichmentCache.Revalidation;
import io.mosaic.core.Deadline;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** {@code stale-while-revalidate}: ttl 30 s, then 10 s in which a hit is served and fetched again in the background. */
class EnrichmentCacheRevalidationTest {

    private static final FetchRequest R = new FetchRequest("/d/1", Map.of(), Deadline.after(Duration.ofSeconds(10)));

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();
    private final EnrichmentCache cache = new EnrichmentCache(new CacheSettings(Duration.ofSeconds(30), 100, 1L << 20,
            CacheSettings.Scope.SHARED, List.of(), Optional.empty(), false, Duration.ofMinutes(10),
            Optional.of(Duration.ofSeconds(10))), false, "X-User-Id", header -> true, now::get);

    /** A cache in front of an upstream whose n-th call (from 1) answers {@code answer.apply(n)}. */
    private Fetch upstream(IntFunction<FetchResult> answer) {
        return cache.apply(request -> answer.apply(calls.incrementAndGet()));
    }

    private static FetchResult version(int n) {
        return new FetchResult.Ok(200, ("{\"v\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static String body(FetchResult result) {
        return new String(assertInstanceOf(FetchResult.Ok.class, result).body(), StandardCharsets.UTF_8);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < giveUp, what);
            Thread.sleep(5);
        }
    }

    @Test
    void aStaleAnswerIsServedAtOnceWhileOneCallInTheBackgroundFetchesItAgain() throws Exception {
        Fetch fetch = upstream(EnrichmentCacheRevalidationTest::version);
        assertEquals("{\"v\":1}", body(fetch.fetch(R)));
        advance(Duration.ofSeconds(29));
        assertEquals("{\"v\":1}", body(fetch.fetch(R)));
        assertEquals(0, cache.revalidations(Revalidation.OK), "no background call while the answer is fresh");
        advance(Duration.ofSeconds(2));
        FetchResult stale = fetch.fetch(R);
        assertEquals("{\"v\":1}", body(stale), "past its ttl, within the window: the stale answer, at once");
        assertTrue(((FetchResult.Ok) stale).cached());
        await(() -> cache.revalidations(Revalidation.OK) == 1, "the background call stores its answer");
        assertEquals("{\"v\":2}", body(fetch.ready(R).orElseThrow()), "the next hit gets the new answer");
        assertEquals(2, calls.get());
        advance(Duration.ofSeconds(29));
        assertEquals("{\"v\":2}", body(fetch.fetch(R)), "the new answer has a ttl of its own");
        assertEquals(2, calls.get());
    }

    @Test
    void aHitServedOnTheRequestThreadStartsTheBackgroundCallToo() throws Exception {
        Fetch fetch = upstream(EnrichmentCacheRevalidationTest::version);
        fetch.fetch(R);
        advance(Duration.ofSeconds(35));
        assertEquals("{\"v\":1}", body(fetch.ready(R).orElseThrow()));
        await(() -> cache.revalidations(Revalidation.OK) == 1, "the background call stores its answer");
        assertEquals("{\"v\":2}", body(fetch.ready(R).orElseThrow()));
    }

    @Test
    void pastTheWindowTheAnswerIsGoneAndLoadedWhileTheRequestWaits() {
        Fetch fetch = upstream(EnrichmentCacheRevalidationTest::version);
        fetch.fetch(R);
        advance(Duration.ofSeconds(41));
        assertTrue(fetch.ready(R).isEmpty());
        FetchResult loaded = fetch.fetch(R);
        assertEquals("{\"v\":2}", body(loaded));
        assertFalse(((FetchResult.Ok) loaded).cached());
        assertEquals(0, cache.revalidations(Revalidation.OK));
    }

    @Test
    void oneBackgroundCallAtATimePerKey() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Fetch fetch = upstream(n -> {
            if (n == 2) {
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return version(n);
        });
        fetch.fetch(R);
        advance(Duration.ofSeconds(31));
        fetch.fetch(R);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 20; i++) {
            assertEquals("{\"v\":1}", body(i % 2 == 0 ? fetch.fetch(R) : fetch.ready(R).orElseThrow()));
        }
        release.countDown();
        await(() -> cache.revalidations(Revalidation.OK) == 1, "the background call stores its answer");
        assertEquals(2, calls.get(), "twenty stale hits, one background call");
    }

    @Test
    void aFailedBackgroundCallLeavesTheStaleAnswerUntilItExpires() throws Exception {
        Fetch fetch = upstream(n -> n == 2 ? FetchResult.failed(Reason.ERROR, "503") : version(n));
        fetch.fetch(R);
        advance(Duration.ofSeconds(31));
        fetch.fetch(R);
        await(() -> cache.revalidations(Revalidation.FAILED) == 1, "the background call fails");
        assertEquals("{\"v\":1}", body(fetch.fetch(R)), "still the stale answer; a new background call starts");
        await(() -> calls.get() == 3 && cache.revalidations(Revalidation.OK) == 1, "the third call stores its answer");
        assertEquals("{\"v\":3}", body(fetch.ready(R).orElseThrow()));
    }

    /**
     * With {@code honour-cache-control} the upstream's own {@code stale-while-revalidate} is the window (RFC 5861): here
     * none is configured, the answer is fresh for 5 s and may be served stale for 20 s more.
     */
    @Test
    void anUpstreamsStaleWhileRevalidateIsTheWindowWhenTheCacheHonoursCacheControl() throws Exception {
        EnrichmentCache honouring = new EnrichmentCache(new CacheSettings(Duration.ofSeconds(30), 100, 1L << 20,
                CacheSettings.Scope.SHARED, List.of(), Optional.empty(), true, Duration.ofMinutes(10),
                Optional.empty()), false, "X-User-Id", header -> true, now::get);
        assertTrue(honouring.revalidates());
        Fetch fetch = honouring.apply(request -> {
            int n = calls.incrementAndGet();
            return new FetchResult.Ok(200, ("{\"v\":" + n + "}").getBytes(StandardCharsets.UTF_8),
                    n == 1 ? "max-age=5, stale-while-revalidate=20" : "max-age=5");
        });
        fetch.fetch(R);
        advance(Duration.ofSeconds(6));
        assertEquals("{\"v\":1}", body(fetch.fetch(R)), "past its max-age, within the upstream's window");
        await(() -> honouring.revalidations(Revalidation.OK) == 1, "the background call stores its answer");
        assertEquals("{\"v\":2}", body(fetch.ready(R).orElseThrow()));

        advance(Duration.ofSeconds(6));
        assertTrue(fetch.ready(R).isEmpty(), "the second answer gave no window: gone at its max-age");
        assertEquals("{\"v\":3}", body(fetch.fetch(R)));
        assertEquals(1, honouring.revalidations(Revalidation.OK));
    }

    @Test
    void aNotFoundOnTheBackgroundCallRemovesTheAnswer() throws Exception {
        Fetch fetch = upstream(n -> n == 2 ? new FetchResult.NotFound() : version(n));
        fetch.fetch(R);
        advance(Duration.ofSeconds(31));
        fetch.fetch(R);
        await(() -> cache.revalidations(Revalidation.REMOVED) == 1, "the background call gets a 404");
        assertTrue(fetch.ready(R).isEmpty(), "an enrichment that is gone is not served stale");
    }
}
