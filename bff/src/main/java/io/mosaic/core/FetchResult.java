package io.mosaic.core;

/** What came of one upstream call. Upstream trouble is a value, never an exception. */
public sealed interface FetchResult {

    static FetchResult failed(Reason reason, String detail) {
        return new Failed(reason, detail);
    }

    /**
     * No call was made: it could not start in time (its deadline had passed before it began). The client sees the
     * same {@code reason} as for a call that failed; the upstream is not to blame for it, so a circuit breaker does
     * not count it.
     */
    static FetchResult notCalled(Reason reason, String detail) {
        return new Failed(reason, detail, false);
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
     * @param called whether the upstream was called, or at least a call to it began; false when none could start
     */
    record Failed(Reason reason, String detail, boolean called) implements FetchResult {

        /** A failed call. */
        public Failed(Reason reason, String detail) {
            this(reason, detail, true);
        }
    }
}
