package io.mosaic.cache;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import io.mosaic.core.Fetch;
import io.mosaic.core.FetchRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.FetchStage;
import io.mosaic.core.Reason;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * One enricher's cache: a Caffeine {@link AsyncCache} of upstream answers. The load runs on the caller's
 * virtual thread (no map lock is held during I/O); concurrent callers for the same key wait for that one load,
 * within their own deadline. Failed loads are not cached; 404s only when {@code not-found-ttl} is set. A load
 * cancelled because its own request gave up (base 404 or failed, a required enricher failed), or timed out at
 * its own request's deadline, is not the key's answer: nothing is stored, and the callers waiting for it load
 * again while their own deadline allows.
 *
 * <p>With {@code stale-while-revalidate}, a good answer stays that much longer than its ttl: a hit in that window is
 * served at once, as any hit, and starts one call in the background that fetches the key again, within the time
 * the hitting request's own call would have had. A good answer replaces the stale one; a 404 or an answer that
 * may not be stored removes it; a failure leaves it to be served until it expires.
 *
 * <p>In {@code per-user} scope the key includes the user, so an entry is never served to another user; a
 * request without a user bypasses the cache. With the {@code stale} fallback, the last good answer per key is
 * kept longer.
 *
 * <p>Both are bounded twice: by entries ({@code max-size}) and by memory ({@code max-memory}). Caffeine bounds
 * one weight, so an entry weighs its estimated bytes, but never less than {@code max-memory / max-size}: the
 * weights then add up to {@code max-memory} before the entries number more than {@code max-size}.
 */
public final class EnrichmentCache implements FetchStage {

    private static final String SEPARATOR = "\u001f";

    /**
     * Bytes an entry takes besides its answer's and its key's characters, estimated for 64-bit HotSpot with
     * compressed pointers: Caffeine's node, the map's node, the future, the result record, the arrays' and the
     * key's headers.
     */
    static final int ENTRY_OVERHEAD = 200;

    private final CacheSettings settings;
    private final String userHeader;
    private final List<String> vary;
    private final Predicate<String> forwarded;
    private final AsyncCache<String, FetchResult> answers;
    private final Cache<String, byte[]> lastGood;
    /** Nanoseconds a good answer outlives its ttl for {@code stale-while-revalidate}; 0 when off. */
    private final long revalidateNanos;
    private final Optional<Policy.VarExpiration<String, FetchResult>> expiration;
    private final Set<String> revalidating = ConcurrentHashMap.newKeySet();
    private final Map<Revalidation, LongAdder> revalidations = new EnumMap<>(Revalidation.class);

    /**
     * @param keepLastGood whether to keep the last good answers, for the {@code stale} fallback
     * @param userHeader   the trusted user header (its value keys per-user entries)
     * @param forwarded    whether a request header, by lower-case name, is forwarded upstream: with
     *                     {@code honour-cache-control}, an answer whose {@code Vary} names one the key leaves out is
     *                     not stored
     * @param ticker       the clock, injected so expiry tests need no sleeps
     */
    public EnrichmentCache(CacheSettings settings, boolean keepLastGood, String userHeader,
                           Predicate<String> forwarded, Ticker ticker) {
        this.settings = settings;
        this.userHeader = userHeader.toLowerCase(Locale.ROOT);
        this.vary = settings.varyHeaders().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.forwarded = forwarded;
        int least = (int) Math.min(Integer.MAX_VALUE, Math.ceilDiv(settings.maxMemory(), settings.maxSize()));
        this.answers = Caffeine.newBuilder()
                .maximumWeight(settings.maxMemory())
                .weigher((String key, FetchResult answer) -> Math.max(least, weight(key, answer)))
                .ticker(ticker)
                .expireAfter(new AnswerExpiry())
                .executor(Runnable::run)
                .buildAsync();
        this.lastGood = keepLastGood ? Caffeine.newBuilder()
                .maximumWeight(settings.maxMemory())
                .weigher((String key, byte[] body) -> Math.max(least, weight(key, body.length)))
                .ticker(ticker)
                .expireAfterWrite(settings.staleTtl())
                .executor(Runnable::run)
                .<String, byte[]>build() : null;
        this.revalidateNanos = settings.staleWhileRevalidate().map(Duration::toNanos).orElse(0L);
        this.expiration = answers.synchronous().policy().expireVariably();
        for (Revalidation outcome : Revalidation.values()) {
            revalidations.put(outcome, new LongAdder());
        }
    }

    /** How a background call for {@code stale-while-revalidate} ended. */
    public enum Revalidation {
        /** a good answer, now stored */
        OK,
        /** a 404, or an answer that may not be stored: the stale answer is removed */
        REMOVED,
        /** a failure: the stale answer is served until it expires */
        FAILED;

        public String token() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Whether it may serve stale answers while it fetches them again ({@code stale-while-revalidate}): configured, or
     * as an upstream answer says when it honours {@code Cache-Control}.
     */
    public boolean revalidates() {
        return revalidateNanos > 0 || settings.honourCacheControl();
    }

    /**
     * How long past its ttl an answer with {@code control} may be served while it is fetched again: the upstream's
     * {@code stale-while-revalidate} when it has one, else the configured window (0 when none).
     */
    private long revalidateNanos(CacheControl control) {
        return control.staleWhileRevalidate().map(Duration::toNanos).orElse(revalidateNanos);
    }

    /** What {@code ok}'s {@code Cache-Control} says, parsed once per use; nothing when the cache does not honour it. */
    private CacheControl control(FetchResult.Ok ok) {
        return settings.honourCacheControl() ? CacheControl.parse(ok.cacheControl()) : CacheControl.NONE;
    }

    /** Background calls for {@code stale-while-revalidate} so far that ended so. */
    public long revalidations(Revalidation outcome) {
        return revalidations.get(outcome).sum();
    }

    /** The estimated bytes of one entry. */
    static int weight(String key, FetchResult answer) {
        return weight(key, answer instanceof FetchResult.Ok ok ? ok.body().length : 0);
    }

    private static int weight(String key, int bodyLength) {
        return (int) Math.min(Integer.MAX_VALUE, (long) bodyLength + key.length() + ENTRY_OVERHEAD);
    }

    @Override
    public Fetch apply(Fetch next) {
        return new Fetch() {
            @Override
            public FetchResult fetch(FetchRequest request) {
                return load(next, request);
            }

            @Override
            public Optional<FetchResult> ready(FetchRequest request) {
                return hitAtHand(next, request);
            }
        };
    }

    /** A stored answer whose load has finished; a load still in flight is waited for by {@link Fetch#fetch} only. */
    private Optional<FetchResult> hitAtHand(Fetch next, FetchRequest request) {
        Optional<String> key = key(request);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        CompletableFuture<FetchResult> existing = answers.getIfPresent(key.get());
        if (existing == null || !existing.isDone() || existing.isCompletedExceptionally()) {
            return Optional.empty();
        }
        revalidateIfStale(key.get(), existing, next, request);
        return Optional.of(served(existing.join()));
    }

    /**
     * Starts one background call for {@code key} when its answer is past its ttl, in the
     * {@code stale-while-revalidate} window, and no such call is running yet.
     */
    private void revalidateIfStale(String key, CompletableFuture<FetchResult> stale, Fetch next, FetchRequest request) {
        if (!revalidates() || expiration.isEmpty() || !(stale.getNow(null) instanceof FetchResult.Ok ok)) {
            return;
        }
        OptionalLong left = expiration.get().getExpiresAfter(key, TimeUnit.NANOSECONDS);
        if (left.isEmpty() || left.getAsLong() > revalidateNanos(control(ok)) || !revalidating.add(key)) {
            return;
        }
        FetchRequest again = new FetchRequest(request.pathAndQuery(), request.headers(), request.deadline());
        Thread.ofVirtual().name("mosaic-revalidate").start(() -> {
            Revalidation outcome = Revalidation.FAILED;
            try {
                outcome = revalidate(key, stale, next.fetch(again));
            } finally {
                revalidating.remove(key);
                revalidations.get(outcome).increment();
            }
        });
    }

    /** Stores what the background call for {@code key} got, in place of {@code stale} unless a load replaced it. */
    private Revalidation revalidate(String key, CompletableFuture<FetchResult> stale, FetchResult result) {
        if (result instanceof FetchResult.Failed) {
            return Revalidation.FAILED;
        }
        if (result instanceof FetchResult.Ok ok && cacheable(ok)) {
            CompletableFuture<FetchResult> fresh = CompletableFuture.completedFuture(ok);
            if (!answers.asMap().replace(key, stale, fresh)) {
                answers.asMap().putIfAbsent(key, fresh);
            }
            if (lastGood != null) {
                lastGood.put(key, ok.body());
            }
            return Revalidation.OK;
        }
        answers.asMap().remove(key, stale);
        if (lastGood != null && result instanceof FetchResult.NotFound) {
            lastGood.invalidate(key);
        }
        return Revalidation.REMOVED;
    }

    /** A stored answer as served from the cache. */
    private static FetchResult served(FetchResult stored) {
        return stored instanceof FetchResult.Ok ok ? ok.asCached() : stored;
    }

    /**
     * Waits for the load in flight for the key, or runs it on this thread when there is none. A load given up
     * by its own request is no answer for the key: its waiters load again, while their deadline allows.
     */
    private FetchResult load(Fetch next, FetchRequest request) {
        Optional<String> key = key(request);
        if (key.isEmpty()) {
            return next.fetch(request);
        }
        while (true) {
            CompletableFuture<FetchResult> mine = new CompletableFuture<>();
            CompletableFuture<FetchResult> existing = answers.asMap().putIfAbsent(key.get(), mine);
            if (existing == null) {
                return loadInto(mine, key.get(), next, request);
            }
            Optional<FetchResult> waited = hit(existing, request);
            if (waited.isPresent()) {
                revalidateIfStale(key.get(), existing, next, request);
                return waited.get();
            }
        }
    }

    /**
     * Runs the load for {@code key} and completes {@code mine} with it. A load that ends because its own request
     * gave up (cancelled, failed with this thread interrupted, or timed out at its own deadline) stores nothing
     * and cancels {@code mine}, so that requests waiting on it load again, within their own deadline, instead of
     * taking this request's cancellation or timeout as theirs.
     */
    private FetchResult loadInto(CompletableFuture<FetchResult> mine, String key, Fetch next, FetchRequest request) {
        FetchResult result;
        try {
            result = next.fetch(request);
        } catch (RuntimeException | Error e) {
            answers.asMap().remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
        if (abandoned(result, request)) {
            answers.asMap().remove(key, mine);
            mine.cancel(false);
            return result;
        }
        mine.complete(result);
        if (!cacheable(result)) {
            answers.asMap().remove(key, mine);
        }
        if (lastGood != null && result instanceof FetchResult.Ok ok && storable(ok, control(ok))) {
            lastGood.put(key, ok.body());
        } else if (lastGood != null && result instanceof FetchResult.NotFound) {
            lastGood.invalidate(key);
        }
        return result;
    }

    /**
     * Whether the load ended because the request running it gave up or ran out of time, not because of the
     * upstream: a timeout at the loader's own deadline says nothing about a waiter that still has time left.
     */
    private static boolean abandoned(FetchResult result, FetchRequest request) {
        return result instanceof FetchResult.Failed failed
                && (failed.reason() == Reason.CANCELLED || Thread.currentThread().isInterrupted()
                        || failed.reason() == Reason.TIMEOUT && request.deadline().passed());
    }

    /** The most its entries can take when full: {@code max-memory}, twice when it keeps the last good answers. */
    public long maxBytes() {
        return settings.maxMemory() * (lastGood == null ? 1 : 2);
    }

    /** The estimated bytes its entries take now, the last good answers included: what {@code max-memory} bounds. */
    public long bytes() {
        return weighted(answers.synchronous()) + (lastGood == null ? 0 : weighted(lastGood));
    }

    private static long weighted(Cache<String, ?> cache) {
        return cache.policy().eviction().map(eviction -> eviction.weightedSize().orElse(0)).orElse(0L);
    }

    /** The last good answer for the same key, for the {@code stale} fallback; empty when none is kept. */
    public Optional<byte[]> lastGood(FetchRequest request) {
        return lastGood == null ? Optional.empty() : key(request).map(lastGood::getIfPresent);
    }

    /**
     * The answer of the load in flight, waited for within this request's deadline; empty when that load was given
     * up by its own request, so this one should load again.
     */
    private Optional<FetchResult> hit(CompletableFuture<FetchResult> existing, FetchRequest request) {
        try {
            return Optional.of(served(existing.get(Math.max(0, request.deadline().remainingNanos()),
                    TimeUnit.NANOSECONDS)));
        } catch (TimeoutException e) {
            return Optional.of(FetchResult.failed(Reason.TIMEOUT, "waited for a load in flight past the deadline"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(FetchResult.failed(Reason.TIMEOUT, "interrupted while waiting for a load in flight"));
        } catch (CancellationException e) {
            return request.deadline().passed()
                    ? Optional.of(FetchResult.failed(Reason.TIMEOUT, "the load in flight was given up at the deadline"))
                    : Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(FetchResult.failed(Reason.ERROR, "the load in flight failed"));
        }
    }

    /** The cache key, or empty when this request must not use the cache. */
    Optional<String> key(FetchRequest request) {
        StringBuilder key = new StringBuilder(request.pathAndQuery());
        for (String header : vary) {
            key.append(SEPARATOR).append(request.headers().getOrDefault(header, ""));
        }
        if (settings.scope() == CacheSettings.Scope.PER_USER) {
            String user = request.headers().get(userHeader);
            if (user == null || user.isBlank()) {
                return Optional.empty();
            }
            key.append(SEPARATOR).append("user=").append(user);
        }
        return Optional.of(key.toString());
    }

    private boolean cacheable(FetchResult result) {
        return switch (result) {
            case FetchResult.Ok ok -> {
                CacheControl control = control(ok);
                yield storable(ok, control) && !ttl(ok, control).isZero();
            }
            case FetchResult.NotFound notFound -> settings.notFoundTtl().isPresent();
            case FetchResult.Failed failed -> false;
        };
    }

    private boolean storable(FetchResult.Ok ok, CacheControl control) {
        if (!settings.honourCacheControl()) {
            return true;
        }
        return !control.noStore() && !(control.isPrivate() && settings.scope() == CacheSettings.Scope.SHARED)
                && Vary.parse(ok.caching().vary()).coveredBy(forwarded, this::keyed);
    }

    /** Whether the key holds a request header's value, by lower-case name. */
    private boolean keyed(String header) {
        return vary.contains(header) || settings.scope() == CacheSettings.Scope.PER_USER && header.equals(userHeader);
    }

    /**
     * The configured ttl, or what the upstream says: {@code s-maxage} for a shared cache, else {@code max-age}, less
     * the {@code Age} the answer already has (a cache in front of the upstream held it that long); zero once that is
     * used up.
     */
    private Duration ttl(FetchResult.Ok ok, CacheControl control) {
        Optional<Duration> shared = settings.scope() == CacheSettings.Scope.SHARED
                ? control.sharedMaxAge() : Optional.empty();
        Optional<Duration> maxAge = shared.or(control::maxAge);
        if (maxAge.isPresent()) {
            Duration left = maxAge.get().minus(CacheControl.age(ok.caching().age()).orElse(Duration.ZERO));
            return left.isNegative() ? Duration.ZERO : left;
        }
        return settings.ttl();
    }

    /**
     * Good answers live for their ttl (and the {@code stale-while-revalidate} window after it), 404s for the
     * not-found ttl, anything else not at all.
     */
    private final class AnswerExpiry implements Expiry<String, FetchResult> {
        @Override
        public long expireAfterCreate(String key, FetchResult value, long now) {
            return switch (value) {
                case FetchResult.Ok ok -> {
                    CacheControl control = control(ok);
                    yield ttl(ok, control).toNanos() + revalidateNanos(control);
                }
                case FetchResult.NotFound notFound -> settings.notFoundTtl().orElse(Duration.ZERO).toNanos();
                case FetchResult.Failed failed -> 0;
            };
        }

        @Override
        public long expireAfterUpdate(String key, FetchResult value, long now, long duration) {
            return expireAfterCreate(key, value, now);
        }

        @Override
        public long expireAfterRead(String key, FetchResult value, long now, long duration) {
            return duration;
        }
    }
}
