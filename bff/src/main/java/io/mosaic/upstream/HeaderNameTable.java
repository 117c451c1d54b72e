package io.mosaic.upstream;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helidon's {@link HeaderName} for each header name looked up by its text, made once: {@link HeaderNames#create}
 * lower-cases the name and allocates a new one on every call, several times per request.
 *
 * <p>Only names from configuration and code are looked up (the forwarded headers' allow-list, the user header, the
 * correlation headers), never names a client chose, so the table stays small. Should that ever change, it stops
 * growing at {@value #LIMIT} names and makes the others on each call, as before.
 */
public final class HeaderNameTable {

    static final int LIMIT = 64;

    private final ConcurrentHashMap<String, HeaderName> names = new ConcurrentHashMap<>();

    /** The header name for this text, in any case; the same instance for the same text. */
    public HeaderName of(String name) {
        HeaderName known = names.get(name);
        if (known != null) {
            return known;
        }
        HeaderName created = HeaderNames.create(name);
        if (names.size() < LIMIT) {
            HeaderName raced = names.putIfAbsent(name, created);
            return raced != null ? raced : created;
        }
        return created;
    }

    int size() {
        return names.size();
    }
}
