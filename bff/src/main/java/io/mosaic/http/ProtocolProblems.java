package io.mosaic.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Helidon's answers to requests it refuses before routing: a path that does not decode ({@code %ZZ}), a request
 * line or header section over its limits, a control character in a header. Without this handler they are bare
 * statuses with an empty or plain-text body; with it they are problems like every other Mosaic answer, each with a
 * stable type. Nothing of the request is echoed: it is by definition input Helidon could not trust, and Helidon's
 * message about it may quote it.
 */
final class ProtocolProblems implements DirectHandler {

    /** The types Helidon's statuses map to, each by its own status. */
    private static final List<ProblemType> BY_STATUS = List.of(ProblemType.BAD_REQUEST, ProblemType.URI_TOO_LONG,
            ProblemType.PAYLOAD_TOO_LARGE, ProblemType.NO_ROUTE, ProblemType.INTERNAL);

    private final Consumer<ProblemType> refused;

    /** @param refused told of each problem sent */
    ProtocolProblems(Consumer<ProblemType> refused) {
        this.refused = refused;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        ProblemType type = type(defaultStatus);
        refused.accept(type);
        return TransportResponse.builder()
                .status(type.status())
                .headers(responseHeaders)
                .header(HeaderNames.CONTENT_TYPE, Problems.MEDIA_TYPE)
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .entity(Problems.body(type, detail(type), Map.of()))
                .build();
    }

    /**
     * The problem for the status Helidon chose, when Mosaic has a type with that status; otherwise a malformed
     * request, or an internal error for a 5xx. A version Helidon does not speak ({@code 505}) is the client's.
     */
    static ProblemType type(Status status) {
        for (ProblemType type : BY_STATUS) {
            if (type.status().code() == status.code()) {
                return type;
            }
        }
        return status.code() >= 500 && status.code() != Status.HTTP_VERSION_NOT_SUPPORTED_505.code()
                ? ProblemType.INTERNAL : ProblemType.BAD_REQUEST;
    }

    private static String detail(ProblemType type) {
        return switch (type) {
            case URI_TOO_LONG -> "the request target is longer than this server accepts";
            case PAYLOAD_TOO_LARGE -> "the request body is larger than this server accepts";
            case NO_ROUTE -> "no resource at this path";
            case INTERNAL -> "an internal error occurred";
            default -> "the request is not well-formed HTTP or is over this server's limits";
        };
    }
}
