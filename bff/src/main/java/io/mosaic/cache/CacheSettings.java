package io.mosaic.cache;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One enricher's cache ({@code cache} in {@code enricher.yaml}).
 *
 * @param ttl                how long a good answer is served from the cache
 * @param maxSize            maximum entries
 * @param maxMemory          the most memory its entries may take, in bytes (estimated per entry: the answer, the key
 *                           and the cache's own objects); the last good answers for {@code stale} get as much again
 * @param scope              {@code shared}: one entry for everyone; {@code per-user}: the key includes the user
 * @param varyHeaders        request headers whose values are part of the key, e.g. {@code Accept-Language}
 * @param notFoundTtl        how long a 404 is cached; empty means 404s are not cached
 * @param honourCacheControl whether upstream {@code Cache-Control} ({@code no-store}, {@code private},
 *                           {@code max-age}, and {@code s-maxage} in {@code shared} scope, less {@code Age}) overrides
 *                           the ttl, and whether an answer whose {@code Vary} names a forwarded header the key leaves
 *                           out is kept out of the cache
 * @param staleTtl           how long the last good answer is kept for the {@code stale} fallback
 * @param staleWhileRevalidate how long past its ttl a good answer is still served, while one call in the background
 *                           fetches it again (RFC 5861's {@code stale-while-revalidate}); empty means never
 */
public record CacheSettings(Duration ttl, int maxSize, long maxMemory, Scope scope, List<String> varyHeaders,
                            Optional<Duration> notFoundTtl, boolean honourCacheControl, Duration staleTtl,
                            Optional<Duration> staleWhileRevalidate) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_SIZE = 10_000;
    public static final long DEFAULT_MAX_MEMORY = 4L << 20;
    public static final Duration DEFAULT_STALE_TTL = Duration.ofMinutes(10);

    /** Who may share an entry. */
    public enum Scope {
        SHARED("shared"), PER_USER("per-user");

        private final String token;

        Scope(String token) {
            this.token = token;
        }

        public String token() {
            return token;
        }

        /** @throws IllegalArgumentException for anything but {@code shared} or {@code per-user} */
        public static Scope of(String token) {
            for (Scope scope : values()) {
                if (scope.token.equals(token)) {
                    return scope;
                }
            }
            throw new IllegalArgumentException(token);
        }
    }
}
