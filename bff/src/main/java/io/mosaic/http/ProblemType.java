package io.mosaic.http;

import io.helidon.http.Status;

/**
 * Every failure a client can see, each with a stable {@code type} URI (RFC 9457) and one HTTP status.
 * Clients may switch on the type; it never changes meaning.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", Status.BAD_REQUEST_400, "Malformed request"),
    URI_TOO_LONG("uri-too-long", Status.REQUEST_URI_TOO_LONG_414, "Request target too long"),
    PAYLOAD_TOO_LARGE("payload-too-large", Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large"),
    BAD_ID("bad-id", Status.BAD_REQUEST_400, "Invalid entity id"),
    UNKNOWN_ENTITY_TYPE("unknown-entity-type", Status.NOT_FOUND_404, "Unknown entity type"),
    NOT_FOUND("not-found", Status.NOT_FOUND_404, "Entity not found"),
    NO_ROUTE("no-route", Status.NOT_FOUND_404, "No such resource"),
    METHOD_NOT_ALLOWED("method-not-allowed", Status.METHOD_NOT_ALLOWED_405, "Method not allowed"),
    MONOLITH_UNAVAILABLE("monolith-unavailable", Status.BAD_GATEWAY_502, "The monolith gave no usable answer"),
    MONOLITH_TIMEOUT("monolith-timeout", Status.GATEWAY_TIMEOUT_504, "The monolith did not answer in time"),
    ENRICHER_FAILED("enricher-failed", Status.BAD_GATEWAY_502, "A required enrichment failed"),
    ENRICHER_TIMEOUT("enricher-timeout", Status.GATEWAY_TIMEOUT_504, "A required enrichment did not answer in time"),
    OVERLOADED("overloaded", Status.SERVICE_UNAVAILABLE_503, "Too many concurrent requests to the monolith"),
    SHUTTING_DOWN("shutting-down", Status.SERVICE_UNAVAILABLE_503, "Shutting down"),
    INTERNAL("internal", Status.INTERNAL_SERVER_ERROR_500, "Internal error");

    /** Prefix of every problem type URI. */
    public static final String BASE = "https://mosaic.dev/problems/";

    private final String slug;
    private final Status status;
    private final String title;

    ProblemType(String slug, Status status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The short name, as in the type URI: {@code bad-id}. */
    public String slug() {
        return slug;
    }

    public String uri() {
        return BASE + slug;
    }

    public Status status() {
        return status;
    }

    public String title() {
        return title;
    }
}
