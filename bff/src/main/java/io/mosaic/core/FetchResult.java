package io.mosaic.core;

/** What came of one upstream call. Upstream trouble is a value, never an exception. */
public sealed interface FetchResult {

    static FetchResult failed(Reason reason, String detail) {
        return new Failed(reason, detail);
    }

    /**
     * A 2xx answer with a JSON body, read in full within the body limit.
     *
     * @param status  the HTTP status
     * @param body    the raw JSON bytes
     * @param caching what the upstream said about caching it
     * @param cached  whether it was served from Mosaic's cache rather than a call
     */
    record Ok(int status, byte[] body, CachingHeaders caching, boolean cached) implements FetchResult {

        public Ok(int status, byte[] body) {
            this(status, body, CachingHeaders.NONE, false);
        }

        /** An answer with only a {@code Cache-Control} header about caching. */
        public Ok(int status, byte[] body, String cacheControl) {
            this(status, body, new CachingHeaders(cacheControl, null, null), false);
        }

        public Ok(int status, byte[] body, CachingHeaders caching) {
            this(status, body, caching, false);
        }

        /** The upstream's {@code Cache-Control} header, or null. */
        public String cacheControl() {
            return caching.cacheControl();
        }

        /** The same answer, marked as served from the cache. */
        public Ok asCached() {
            return cached ? this : new Ok(status, body, caching, true);
        }
    }

    /** The upstream answered 404. */
    record NotFound() implements FetchResult {
    }

    /**
     * No usable answer.
     *
     * @param reason the stable reason, as shown in {@code Mosaic-Degraded}
     * @param detail a short human-readable explanation for logs; never sent to clients
     */
    record Failed(Reason reason, String detail) implements FetchResult {
    }
}
