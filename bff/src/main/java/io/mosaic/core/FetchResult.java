package io.mosaic.core;

/** What came of one upstream call. Upstream trouble is a value, never an exception. */
public sealed interface FetchResult {

    static FetchResult failed(Reason reason, String detail) {
        return new Failed(reason, detail);
    }

    /**
     * A 2xx answer with a JSON body, read in full within the body limit.
     *
     * @param status the HTTP status
     * @param body   the raw JSON bytes
     */
    record Ok(int status, byte[] body) implements FetchResult {
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
