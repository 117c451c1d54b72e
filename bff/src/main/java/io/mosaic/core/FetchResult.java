package io.mosaic.core;

/** What came of one upstream call. Upstream trouble is a value, never an exception. */
public sealed interface FetchResult {

    static FetchResult failed(Reason reason, String detail) {
        return new Failed(reason, detail);
    }

    /**
     * A 2xx answer with a JSON body, read in full within the body limit.
     *
     * @param status       the HTTP status
     * @param body         the raw JSON bytes
     * @param cacheControl the upstream's {@code Cache-Control} header, or null
     * @param age          the upstream's {@code Age} header (how long a cache in front of it has held the answer),
     *                     or null
     * @param cached       whether it was served from Mosaic's cache rather than a call
     */
    record Ok(int status, byte[] body, String cacheControl, String age, boolean cached) implements FetchResult {

        public Ok(int status, byte[] body) {
            this(status, body, null, null, false);
        }

        public Ok(int status, byte[] body, String cacheControl) {
            this(status, body, cacheControl, null, false);
        }

        public Ok(int status, byte[] body, String cacheControl, String age) {
            this(status, body, cacheControl, age, false);
        }

        /** The same answer, marked as served from the cache. */
        public Ok asCached() {
            return cached ? this : new Ok(status, body, cacheControl, age, true);
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
