package io.mosaic.cache;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An upstream's {@code Vary} header: the request headers its answer depends on, by lower-case name. An answer
 * may be kept only under a key that holds each of them that Mosaic forwards (RFC 9111, section 4.1); a header
 * Mosaic does not forward (an {@code Accept-Encoding}, an {@code Origin}) has the same value on all its calls.
 *
 * @param names the header names; {@code *} when the answer depends on more than headers
 */
record Vary(Set<String> names) {

    static final Vary NONE = new Vary(Set.of());

    static Vary parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        return new Vary(Arrays.stream(header.split(","))
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * @param forwarded whether Mosaic forwards a request header, by lower-case name
     * @param keyed     whether the cache key holds a request header, by lower-case name
     * @return whether every header the answer depends on is forwarded only when it is in the key
     */
    boolean coveredBy(Predicate<String> forwarded, Predicate<String> keyed) {
        return !names.contains("*") && names.stream().allMatch(name -> !forwarded.test(name) || keyed.test(name));
    }
}
