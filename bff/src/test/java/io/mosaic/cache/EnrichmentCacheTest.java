package io.mosaic.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.core.CachingHeaders;
import io.mosaic.core.Deadline;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EnrichmentCacheTest {

    /** The request headers Mosaic forwards in these tests, by lower-case name. */
    private static final java.util.Set<String> FORWARDED = java.util.Set.of("authorization", "accept-language",
            "x-user-id");

    private final AtomicLong now = new AtomicLong();
    private final AtomicInteger calls = new AtomicInteger();

    private static CacheSettings settings(CacheSettings.Scope scope, Optional<Duration> notFoundTtl, boolean honour) {
        return new CacheSettings(Duration.ofSeconds(30), 100, 1L << 20, scope, List.of("Accept-Language"), notFoundTtl,
                honour, Duration.ofMinutes(10), Optional.empty());
    }

    private static CacheSettings bounded(int maxSize, long maxMemory) {
        return new CacheSettings(Duration.ofSeconds(30), maxSize, maxMemory, CacheSettings.Scope.SHARED, List.of(),
                Optional.empty(), false, Duration.ofMinutes(10), Optional.empty());
    }

    private EnrichmentCache cache(CacheSettings settings) {
        return new EnrichmentCache(settings, true, "X-User-Id", FORWARDED::contains, now::get);
    }

    /** Loads {@code /d/1} to {@code /d/<keys>} once each, then asks for each again: how many were still held. */
    private int heldAfterLoading(Fetch fetch, int keys) {
        for (int i = 1; i <= keys; i++) {
            fetch.fetch(request("/d/" + i, Map.of()));
        }
        int held = 0;
        for (int i = 1; i <= keys; i++) {
            held += fetch.ready(request("/d/" + i, Map.of())).isPresent() ? 1 : 0;
        }
        return held;
    }

    private Fetch counting(FetchResult result) {
        return request -> {
            calls.incrementAndGet();
            return result;
        };
    }

    /** An upstream whose answer is held back: it counts down {@code loading}, then waits for {@code release}. */
    /** Counted down by the upstream of {@link #held} when a load starts; {@code release} lets it answer. */
    private final CountDownLatch loading = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** A cache of {@code scope} in front of an upstream that holds every load until {@code release}. */
    private Fetch held(CacheSettings.Scope scope) {
        return cache(settings(scope, Optional.empty(), false)).apply(heldThen(ok("{\"v\":1}", null)));
    }

    /** An upstream that holds every load until {@code release}, then answers {@code result}. */
    private Fetch heldThen(FetchResult result) {
        return request -> {
            calls.incrementAndGet();
            loading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return result;
        };
    }

    /**
     * Its first call blocks until interrupted and then ends as cancelled, as the HTTP upstream does when the
     * request running it gives up; later calls answer at once.
     */
    private final Fetch cancelledFirst = request -> {
        if (calls.incrementAndGet() > 1) {
            return ok("{\"v\":2}", null);
        }
        loading.countDown();
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FetchResult.failed(Reason.CANCELLED, "interrupted");
        }
        return FetchResult.failed(Reason.ERROR, "never interrupted");
    };

    private static FetchRequest request(String path, Map<String, String> headers) {
        return new FetchRequest(path, headers, Deadline.after(Duration.ofSeconds(5)));
    }

    private static FetchResult.Ok ok(String body, String cacheControl) {
        return new FetchResult.Ok(200, body.getBytes(StandardCharsets.UTF_8), cacheControl);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void servesFromCacheUntilTheTtlExpires() {
        Fetch fetch = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false)).apply(counting(ok("{}", null)));
        FetchRequest r = request("/d/1", Map.of());
        assertFalse(((FetchResult.Ok) fetch.fetch(r)).cached());
        assertTrue(((FetchResult.Ok) fetch.fetch(r)).cached());
        assertEquals(1, calls.get());
        advance(Duration.ofSeconds(31));
        assertFalse(((FetchResult.Ok) fetch.fetch(r)).cached());
        assertEquals(2, calls.get());
    }

    @Test
    void varyHeadersArePartOfTheKey() {
        Fetch fetch = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false)).apply(counting(ok("{}", null)));
        fetch.fetch(request("/d/1", Map.of("accept-language", "de")));
        fetch.fetch(request("/d/1", Map.of("accept-language", "fr")));
        fetch.fetch(request("/d/1", Map.of("accept-language", "de")));
        assertEquals(2, calls.get());
    }

    @Test
    void failedLoadsAreNotCached() {
        Fetch fetch = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false))
                .apply(counting(FetchResult.failed(Reason.ERROR, "boom")));
        fetch.fetch(request("/d/1", Map.of()));
        fetch.fetch(request("/d/1", Map.of()));
        assertEquals(2, calls.get());
    }

    @Test
    void notFoundIsCachedBrieflyOnlyWhenConfigured() {
        Fetch off = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false))
                .apply(counting(new FetchResult.NotFound()));
        off.fetch(request("/d/1", Map.of()));
        off.fetch(request("/d/1", Map.of()));
        assertEquals(2, calls.get());

        calls.set(0);
        Fetch on = cache(settings(CacheSettings.Scope.SHARED, Optional.of(Duration.ofSeconds(5)), false))
                .apply(counting(new FetchResult.NotFound()));
        on.fetch(request("/d/1", Map.of()));
        assertInstanceOf(FetchResult.NotFound.class, on.fetch(request("/d/1", Map.of())));
        assertEquals(1, calls.get());
        advance(Duration.ofSeconds(6));
        on.fetch(request("/d/1", Map.of()));
        assertEquals(2, calls.get());
    }

    @Test
    void perUserEntriesAreNeverServedToAnotherUser() {
        Fetch fetch = cache(settings(CacheSettings.Scope.PER_USER, Optional.empty(), false)).apply(request -> {
            calls.incrementAndGet();
            return ok("{\"for\":\"" + request.headers().get("x-user-id") + "\"}", null);
        });
        FetchResult.Ok alice = (FetchResult.Ok) fetch.fetch(request("/d/1", Map.of("x-user-id", "alice")));
        FetchResult.Ok bob = (FetchResult.Ok) fetch.fetch(request("/d/1", Map.of("x-user-id", "bob")));
        FetchResult.Ok aliceAgain = (FetchResult.Ok) fetch.fetch(request("/d/1", Map.of("x-user-id", "alice")));
        assertEquals("{\"for\":\"alice\"}", new String(alice.body(), StandardCharsets.UTF_8));
        assertEquals("{\"for\":\"bob\"}", new String(bob.body(), StandardCharsets.UTF_8));
        assertTrue(aliceAgain.cached());
        assertEquals("{\"for\":\"alice\"}", new String(aliceAgain.body(), StandardCharsets.UTF_8));
        // Without a user, a per-user cache is bypassed entirely.
        fetch.fetch(request("/d/1", Map.of()));
        fetch.fetch(request("/d/1", Map.of()));
        assertEquals(4, calls.get());
    }

    @Test
    void honoursUpstreamCacheControlWhenConfigured() {
        CacheSettings honour = settings(CacheSettings.Scope.SHARED, Optional.empty(), true);
        Fetch noStore = cache(honour).apply(counting(ok("{}", "no-store")));
        noStore.fetch(request("/a", Map.of()));
        noStore.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get());

        calls.set(0);
        Fetch isPrivate = cache(honour).apply(counting(ok("{}", "private, max-age=60")));
        isPrivate.fetch(request("/a", Map.of()));
        isPrivate.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get(), "private answers stay out of a shared cache");

        calls.set(0);
        Fetch maxAge = cache(honour).apply(counting(ok("{}", "max-age=5")));
        maxAge.fetch(request("/a", Map.of()));
        maxAge.fetch(request("/a", Map.of()));
        assertEquals(1, calls.get());
        advance(Duration.ofSeconds(6));
        maxAge.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get(), "max-age=5 overrides the 30 s ttl");
    }

    @Test
    void aSharedCacheTakesSharedMaxAgeOverMaxAgeAndAPerUserCacheIgnoresIt() {
        CacheSettings shared = settings(CacheSettings.Scope.SHARED, Optional.empty(), true);
        Fetch shortForShared = cache(shared).apply(counting(ok("{}", "max-age=3600, s-maxage=10")));
        shortForShared.fetch(request("/a", Map.of()));
        advance(Duration.ofSeconds(11));
        shortForShared.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get(), "s-maxage=10 bounds a shared entry, not max-age=3600");

        calls.set(0);
        Fetch onlyShared = cache(shared).apply(counting(ok("{}", "max-age=0, s-maxage=60")));
        onlyShared.fetch(request("/a", Map.of()));
        onlyShared.fetch(request("/a", Map.of()));
        assertEquals(1, calls.get(), "s-maxage=60 lets a shared cache keep what browsers must not");

        calls.set(0);
        CacheSettings perUser = settings(CacheSettings.Scope.PER_USER, Optional.empty(), true);
        Fetch forOneUser = cache(perUser).apply(counting(ok("{}", "max-age=0, s-maxage=60")));
        forOneUser.fetch(request("/a", Map.of("x-user-id", "alice")));
        forOneUser.fetch(request("/a", Map.of("x-user-id", "alice")));
        assertEquals(2, calls.get(), "a per-user cache follows max-age");
    }

    @Test
    void theAgeAnAnswerAlreadyHasIsTakenOffItsMaxAge() {
        CacheSettings honour = settings(CacheSettings.Scope.SHARED, Optional.empty(), true);
        Fetch aged = cache(honour).apply(request -> {
            calls.incrementAndGet();
            return new FetchResult.Ok(200, "{}".getBytes(StandardCharsets.UTF_8),
                    new CachingHeaders("max-age=60", "50", null));
        });
        aged.fetch(request("/a", Map.of()));
        advance(Duration.ofSeconds(9));
        aged.fetch(request("/a", Map.of()));
        assertEquals(1, calls.get(), "10 s of its 60 were left");
        advance(Duration.ofSeconds(2));
        aged.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get(), "a cache in front of the upstream held it 50 s already: 61 s old now");

        calls.set(0);
        Fetch stale = cache(honour).apply(request -> {
            calls.incrementAndGet();
            return new FetchResult.Ok(200, "{}".getBytes(StandardCharsets.UTF_8),
                    new CachingHeaders("max-age=60", "120", null));
        });
        stale.fetch(request("/a", Map.of()));
        stale.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get(), "an answer older than its max-age is not cached");
    }

    /** An upstream that answers with {@code Vary: <vary>}. */
    private Fetch varying(CacheSettings settings, String vary) {
        return cache(settings).apply(request -> {
            calls.incrementAndGet();
            return new FetchResult.Ok(200, "{}".getBytes(StandardCharsets.UTF_8), new CachingHeaders(null, null, vary));
        });
    }

    @Test
    void anAnswerThatVariesByAForwardedHeaderTheKeyLeavesOutIsNotStored() {
        CacheSettings honour = settings(CacheSettings.Scope.SHARED, Optional.empty(), true);
        Fetch byAuthorization = varying(honour, "Authorization");
        byAuthorization.fetch(request("/a", Map.of("authorization", "Bearer alice")));
        byAuthorization.fetch(request("/a", Map.of("authorization", "Bearer bob")));
        assertEquals(2, calls.get(), "bob is not served alice's answer");
        assertTrue(cache(honour).lastGood(request("/a", Map.of())).isEmpty());

        calls.set(0);
        Fetch anything = varying(honour, "*");
        anything.fetch(request("/a", Map.of()));
        anything.fetch(request("/a", Map.of()));
        assertEquals(2, calls.get(), "Vary: * is never stored");

        calls.set(0);
        Fetch byKeyedAndUnforwarded = varying(honour, "accept-language, Accept-Encoding, Origin");
        byKeyedAndUnforwarded.fetch(request("/a", Map.of("accept-language", "de")));
        byKeyedAndUnforwarded.fetch(request("/a", Map.of("accept-language", "de")));
        assertEquals(1, calls.get(), "Accept-Language is in the key; the others Mosaic does not forward");

        calls.set(0);
        Fetch perUser = varying(settings(CacheSettings.Scope.PER_USER, Optional.empty(), true), "X-User-Id");
        perUser.fetch(request("/a", Map.of("x-user-id", "alice")));
        perUser.fetch(request("/a", Map.of("x-user-id", "alice")));
        assertEquals(1, calls.get(), "a per-user key holds the user");

        calls.set(0);
        Fetch notHonoured = varying(settings(CacheSettings.Scope.SHARED, Optional.empty(), false), "Authorization");
        notHonoured.fetch(request("/a", Map.of("authorization", "Bearer alice")));
        notHonoured.fetch(request("/a", Map.of("authorization", "Bearer bob")));
        assertEquals(1, calls.get(), "without honour-cache-control the key is the configured one");
    }

    @Test
    void aMaxAgeTooLargeForTheClockIsCachedForTheLongestAgeNotLoadedEachTime() {
        CacheSettings honour = settings(CacheSettings.Scope.SHARED, Optional.empty(), true);
        for (String header : List.of("max-age=9999999999", "max-age=99999999999999999999999", "max-age=31536000000")) {
            calls.set(0);
            Fetch fetch = cache(honour).apply(counting(ok("{}", header)));
            fetch.fetch(request("/a", Map.of()));
            assertTrue(fetch.ready(request("/a", Map.of())).isPresent(), header);
            advance(Duration.ofDays(365 * 60));
            fetch.fetch(request("/a", Map.of()));
            assertEquals(1, calls.get(), header + " is held for 2^31 s");
            advance(Duration.ofDays(365 * 10));
            fetch.fetch(request("/a", Map.of()));
            assertEquals(2, calls.get(), header + " no longer than 2^31 s");
        }
    }

    @Test
    void onlyOneLoadPerKeyIsInFlight() throws Exception {
        Fetch fetch = held(CacheSettings.Scope.SHARED);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FetchResult>> results = new ArrayList<>();
            results.add(pool.submit(() -> fetch.fetch(request("/d/1", Map.of()))));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 20; i++) {
                results.add(pool.submit(() -> fetch.fetch(request("/d/1", Map.of()))));
            }
            release.countDown();
            for (Future<FetchResult> result : results) {
                assertArrayEquals("{\"v\":1}".getBytes(StandardCharsets.UTF_8),
                        ((FetchResult.Ok) result.get(10, TimeUnit.SECONDS)).body());
            }
        }
        assertEquals(1, calls.get());
    }

    @Test
    void aLoadCancelledByItsOwnRequestIsLoadedAgainByTheRequestsWaitingForIt() throws Exception {
        Fetch fetch = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false)).apply(cancelledFirst);
        FetchRequest r = request("/d/1", Map.of());
        FetchResult.Ok ok = assertInstanceOf(FetchResult.Ok.class, waitingBehind(fetch, r, r, first -> first.cancel(true)),
                "the waiting request gets an answer of its own, not the first request's cancellation");
        assertArrayEquals("{\"v\":2}".getBytes(StandardCharsets.UTF_8), ok.body());
        assertEquals(2, calls.get());
        FetchResult.Ok stored = assertInstanceOf(FetchResult.Ok.class, fetch.ready(r).orElseThrow());
        assertArrayEquals("{\"v\":2}".getBytes(StandardCharsets.UTF_8), stored.body());
    }

    @Test
    void aLoadThatTimedOutAtItsOwnDeadlineIsLoadedAgainByARequestWithTimeLeft() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        Fetch fetch = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false)).apply(request -> {
            if (calls.incrementAndGet() > 1) {
                return ok("{\"v\":2}", null);
            }
            loading.countDown();
            try {
                waiting.await(10, TimeUnit.SECONDS);
                Thread.sleep(Math.max(0, request.deadline().remaining().toMillis()) + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return FetchResult.failed(Reason.TIMEOUT, "deadline passed");
        });
        FetchRequest soon = new FetchRequest("/d/1", Map.of(), Deadline.after(Duration.ofMillis(300)));
        FetchResult second = waitingBehind(fetch, soon, request("/d/1", Map.of()), first -> {
            waiting.countDown();
            assertEquals(Reason.TIMEOUT, assertInstanceOf(FetchResult.Failed.class, get(first)).reason(),
                    "the first request timed out at its own deadline");
        });
        FetchResult.Ok ok = assertInstanceOf(FetchResult.Ok.class, second,
                "a request with time left loads again instead of taking the first request's timeout");
        assertArrayEquals("{\"v\":2}".getBytes(StandardCharsets.UTF_8), ok.body());
        assertEquals(2, calls.get());
    }

    @Test
    void aTimeoutBeforeTheDeadlineIsTheAnswerForEveryoneWaiting() throws Exception {
        Fetch fetch = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false))
                .apply(heldThen(FetchResult.failed(Reason.TIMEOUT, "the upstream's own timeout")));
        FetchRequest r = request("/d/1", Map.of());
        FetchResult second = waitingBehind(fetch, r, r, first -> {
            release.countDown();
            get(first);
        });
        assertEquals(Reason.TIMEOUT, assertInstanceOf(FetchResult.Failed.class, second).reason());
        assertEquals(1, calls.get(), "a failure that is the upstream's, not the deadline's, is shared, not retried");
    }

    @Test
    void aCancelledLoadStoresNothing() throws Exception {
        EnrichmentCache cache = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false));
        Fetch fetch = cache.apply(cancelledFirst);
        FetchRequest r = request("/d/1", Map.of());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<FetchResult> first = pool.submit(() -> fetch.fetch(r));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            first.cancel(true);
        }
        assertTrue(fetch.ready(r).isEmpty(), "nothing at hand after a cancelled load");
        assertTrue(cache.lastGood(r).isEmpty());
        assertInstanceOf(FetchResult.Ok.class, fetch.fetch(r));
        assertEquals(2, calls.get(), "the next request loads again");
    }

    /**
     * Starts {@code first}'s load, has {@code second} wait behind it, then runs {@code meanwhile} with the first
     * request's future: the answer the second request gets.
     */
    private FetchResult waitingBehind(Fetch fetch, FetchRequest first, FetchRequest second,
                                      Consumer<Future<FetchResult>> meanwhile) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<FetchResult> loader = pool.submit(() -> fetch.fetch(first));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            AtomicReference<FetchResult> answer = new AtomicReference<>();
            Thread waiter = Thread.ofVirtual().start(() -> answer.set(fetch.fetch(second)));
            awaitParked(waiter);
            meanwhile.accept(loader);
            assertTrue(waiter.join(Duration.ofSeconds(10)), "the waiting request ends");
            return answer.get();
        }
    }

    private static FetchResult get(Future<FetchResult> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code thread} is parked, waiting for the load in flight. */
    private static void awaitParked(Thread thread) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && thread.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < giveUp, "the second request never waited: " + thread.getState());
            Thread.sleep(1);
        }
    }

    @Test
    void lastGoodAnswerOutlivesTheTtlForTheStaleFallback() {
        EnrichmentCache cache = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false));
        Fetch fetch = cache.apply(counting(ok("{\"v\":1}", null)));
        FetchRequest r = request("/d/1", Map.of());
        fetch.fetch(r);
        advance(Duration.ofMinutes(5));
        assertArrayEquals("{\"v\":1}".getBytes(StandardCharsets.UTF_8), cache.lastGood(r).orElseThrow());
        advance(Duration.ofMinutes(6));
        assertTrue(cache.lastGood(r).isEmpty());
    }

    @Test
    void aNotFoundDropsTheLastGoodAnswer() {
        EnrichmentCache cache = cache(settings(CacheSettings.Scope.SHARED, Optional.empty(), false));
        AtomicReference<FetchResult> answer = new AtomicReference<>(ok("{\"v\":1}", null));
        Fetch fetch = cache.apply(request -> answer.get());
        FetchRequest r = request("/d/1", Map.of());
        fetch.fetch(r);
        advance(Duration.ofSeconds(31));
        answer.set(new FetchResult.NotFound());
        fetch.fetch(r);
        assertTrue(cache.lastGood(r).isEmpty(), "what the upstream says is gone is not kept for the stale fallback");
    }

    @Test
    void largeAnswersAreBoundedByMemory() {
        String body = "{\"v\":\"" + "x".repeat(1000) + "\"}";
        int perEntry = EnrichmentCache.weight("/d/10", ok(body, null));
        long maxMemory = 10L * perEntry;
        EnrichmentCache cache = cache(bounded(1000, maxMemory));
        int held = heldAfterLoading(cache.apply(counting(ok(body, null))), 50);
        assertTrue(held >= 1 && held <= 10, "50 answers of " + perEntry + " bytes into " + maxMemory + ": " + held
                + " held");
        // What it holds now, the last good answers included: each of the two within max-memory.
        assertTrue(cache.bytes() >= (long) held * perEntry && cache.bytes() <= 2 * maxMemory, cache.bytes() + " bytes");
    }

    @Test
    void smallAnswersAreStillBoundedByCount() {
        EnrichmentCache cache = cache(bounded(5, 1L << 20));
        int held = heldAfterLoading(cache.apply(counting(ok("{}", null))), 50);
        assertTrue(held >= 1 && held <= 5, "50 small answers into 5 entries: " + held + " held");
    }

    @Test
    void lastGoodAnswersAreKeptOnlyWhenAsked() {
        CacheSettings settings = settings(CacheSettings.Scope.SHARED, Optional.empty(), false);
        EnrichmentCache cache = new EnrichmentCache(settings, false, "X-User-Id", FORWARDED::contains, now::get);
        Fetch fetch = cache.apply(counting(ok("{\"v\":1}", null)));
        FetchRequest r = request("/d/1", Map.of());
        fetch.fetch(r);
        assertTrue(fetch.ready(r).isPresent());
        assertTrue(cache.lastGood(r).isEmpty());
    }

    @Test
    void readyServesOnlyFinishedHitsAndNeverCallsTheUpstream() throws Exception {
        Fetch fetch = held(CacheSettings.Scope.PER_USER);
        FetchRequest alice = request("/d/1", Map.of("x-user-id", "alice"));
        assertTrue(fetch.ready(alice).isEmpty(), "a miss is not at hand");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<FetchResult> load = pool.submit(() -> fetch.fetch(alice));
            assertTrue(loading.await(10, TimeUnit.SECONDS));
            assertTrue(fetch.ready(alice).isEmpty(), "a load in flight is not at hand");
            release.countDown();
            assertFalse(((FetchResult.Ok) load.get(10, TimeUnit.SECONDS)).cached());
        }
        FetchResult.Ok hit = assertInstanceOf(FetchResult.Ok.class, fetch.ready(alice).orElseThrow());
        assertTrue(hit.cached());
        assertTrue(fetch.ready(request("/d/1", Map.of("x-user-id", "bob"))).isEmpty(), "another user's entry");
        assertTrue(fetch.ready(request("/d/1", Map.of())).isEmpty(), "no user: the cache is bypassed");
        advance(Duration.ofSeconds(31));
        assertTrue(fetch.ready(alice).isEmpty(), "expired");
        assertEquals(1, calls.get());
    }
}
