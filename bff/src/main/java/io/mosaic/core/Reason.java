package io.mosaic.core;

/** Why an upstream answer is missing. The token is stable: it appears in headers, metrics and problem types. */
public enum Reason {
    /** The call's deadline passed. */
    TIMEOUT("timeout"),
    /** Connection failure, reset or a non-2xx status other than 404. */
    ERROR("error"),
    /** The answer could not be used: not JSON, wrong content type, over the size limit, wrong shape. */
    BAD_RESPONSE("bad-response"),
    /** The upstream answered with a redirect, which Mosaic never follows. */
    REDIRECT("redirect"),
    /** The upstream answered 404 for an enrichment. */
    NOT_FOUND("not-found"),
    /** A URL template variable had no usable value in the base entity. */
    MISSING_PARAM("missing-param"),
    /**
     * The base entity already has the enricher's field and the enricher does not declare that it replaces it, or
     * the base has a value that is not an object on the way to the enricher's nested field.
     */
    CONFLICT("conflict"),
    /** The enricher's bulkhead was full. */
    BULKHEAD_FULL("bulkhead-full"),
    /** The enricher's circuit breaker was open. */
    CIRCUIT_OPEN("circuit-open"),
    /** The enricher was switched off by its flag. */
    DISABLED("disabled"),
    /** The call was cancelled because its answer was no longer needed (e.g. the base entity was not found). */
    CANCELLED("cancelled");

    private final String token;

    Reason(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }
}
