package io.mosaic.cache;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The parts of an upstream {@code Cache-Control} header a shared or per-user cache must honour.
 *
 * @param noStore  {@code no-store}: never cache
 * @param isPrivate {@code private}: never in a shared cache
 * @param maxAge   {@code max-age}, if given
 */
record CacheControl(boolean noStore, boolean isPrivate, Optional<Duration> maxAge) {

    static final CacheControl NONE = new CacheControl(false, false, Optional.empty());

    static CacheControl parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        boolean noStore = false;
        boolean isPrivate = false;
        Optional<Duration> maxAge = Optional.empty();
        for (String directive : header.split(",")) {
            String d = directive.trim().toLowerCase(Locale.ROOT);
            if (d.equals("no-store") || d.equals("no-cache")) {
                noStore = true;
            } else if (d.equals("private") || d.startsWith("private=")) {
                isPrivate = true;
            } else if (d.startsWith("max-age=")) {
                try {
                    maxAge = Optional.of(Duration.ofSeconds(Long.parseLong(d.substring(8).replace("\"", "").trim())));
                } catch (NumberFormatException e) {
                    noStore = true;
                }
            }
        }
        return new CacheControl(noStore, isPrivate, maxAge);
    }
}
