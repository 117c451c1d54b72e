package io.mosaic.cache;

import io.mosaic.core.Deadline;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of an upstream {@code Cache-Control} header a shared or per-user cache must honour.
 *
 * @param noStore      {@code no-store}: never cache
 * @param isPrivate    {@code private}: never in a shared cache
 * @param maxAge       {@code max-age}, if given
 * @param sharedMaxAge {@code s-maxage}, if given: in a shared cache it takes the place of {@code max-age}
 *                     (RFC 9111, section 5.2.2.10); zero when it is not a number of seconds
 * @param staleWhileRevalidate {@code stale-while-revalidate}, if given as a number of seconds: how long past its
 *                     freshness the answer may be served while it is fetched again (RFC 5861, section 3)
 */
record CacheControl(boolean noStore, boolean isPrivate, Optional<Duration> maxAge, Optional<Duration> sharedMaxAge,
                    Optional<Duration> staleWhileRevalidate) {

    static final CacheControl NONE = new CacheControl(false, false, Optional.empty(), Optional.empty(),
            Optional.empty());

    /**
     * The longest {@code max-age} taken as given, 2<sup>31</sup> seconds (about 68 years): RFC 9111, section 1.2.2,
     * has a cache read any larger value, however many digits it has, as this one.
     */
    static final Duration LONGEST = Deadline.LONGEST;

    static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean noStore = false;
        boolean isPrivate = false;
        Optional<Duration> maxAge = Optional.empty();
        Optional<Duration> sharedMaxAge = Optional.empty();
        Optional<Duration> staleWhileRevalidate = Optional.empty();
        for (String directive : header.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache")) {
                noStore = true;
            } else if (d.equals("private") || d.startsWith("private=")) {
                isPrivate = true;
            } else if (d.startsWith("max-age=")) {
                maxAge = seconds(d.substring(8).replace("\"", "").trim());
                if (maxAge.isEmpty()) {
                    noStore = true;
                }
            } else if (d.startsWith("s-maxage=")) {
                sharedMaxAge = seconds(d.substring(9).replace("\"", "").trim()).or(() -> Optional.of(Duration.ZERO));
            } else if (d.startsWith("stale-while-revalidate=")) {
                // not a number of seconds: the directive is ignored, as RFC 5861 gives it no other meaning
                staleWhileRevalidate = seconds(d.substring(23).replace("\"", "").trim());
            }
        }
        return new CacheControl(noStore, isPrivate, maxAge, sharedMaxAge, staleWhileRevalidate);
    }

    /**
     * The {@code Age} header: how long caches in front of the upstream have held the answer already. Read as
     * delta-seconds, its first value only; empty when absent or not a number of seconds, which RFC 9111 (section
     * 5.1) has a cache ignore.
     */
    static Optional<Duration> age(String header) {
        return header == null ? Optional.empty() : seconds(header.split(",", 2)[0].trim());
    }

    /** Delta-seconds: digits only, capped at {@link #LONGEST}; empty when it is not a number of seconds. */
    private static Optional<Duration> seconds(String value) {
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        if (value.length() > 10) {
            return Optional.of(LONGEST);
        }
        long seconds = Long.parseLong(value);
        return Optional.of(seconds > LONGEST.toSeconds() ? LONGEST : Duration.ofSeconds(seconds));
    }
}
