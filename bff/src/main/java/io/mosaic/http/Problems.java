package io.mosaic.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.mosaic.core.Json;
import io.mosaic.core.Reason;
import java.util.Map;

/** Writes {@code application/problem+json} answers (RFC 9457). No stack trace or upstream detail ever leaks. */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    /**
     * @param detail    a sentence for the client; must hold nothing secret
     * @param extension extra members, e.g. {@code enricher}
     */
    /** @return the status sent */
    public static int send(ServerResponse response, ProblemType type, String detail, Map<String, String> extension) {
        response.status(type.status());
        response.header(HeaderNames.CONTENT_TYPE, MEDIA_TYPE);
        response.header(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(body(type, detail, extension));
        return type.status().code();
    }

    /** The problem document alone, for answers written outside routing. */
    static byte[] body(ProblemType type, String detail, Map<String, String> extension) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("type", type.uri())
                .put("title", type.title())
                .put("status", type.status().code())
                .put("detail", detail);
        extension.forEach(body::put);
        return Json.write(body);
    }

    /** @return the status sent */
    public static int send(ServerResponse response, ProblemType type, String detail) {
        return send(response, type, detail, Map.of());
    }

    /** No usable answer from the monolith, on either path. @return the status sent */
    static int monolithFailed(ServerResponse response, Reason reason) {
        return switch (reason) {
            case BULKHEAD_FULL -> {
                response.header(HeaderNames.RETRY_AFTER, "1");
                yield send(response, ProblemType.OVERLOADED, "too many concurrent requests to the monolith; retry");
            }
            case TIMEOUT -> send(response, ProblemType.MONOLITH_TIMEOUT, "the monolith did not answer in time");
            default -> send(response, ProblemType.MONOLITH_UNAVAILABLE, "the monolith failed: " + reason.token());
        };
    }
}
