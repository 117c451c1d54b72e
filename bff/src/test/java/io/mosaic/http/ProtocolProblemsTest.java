package io.mosaic.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.mosaic.core.Json;
import org.junit.jupiter.api.Test;

/** Each status Helidon answers with before routing becomes a problem whose type and status agree. */
class ProtocolProblemsTest {

    @Test
    void statusesWithATypeKeepIt() {
        assertEquals(ProblemType.BAD_REQUEST, ProtocolProblems.type(Status.BAD_REQUEST_400));
        assertEquals(ProblemType.URI_TOO_LONG, ProtocolProblems.type(Status.REQUEST_URI_TOO_LONG_414));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, ProtocolProblems.type(Status.REQUEST_ENTITY_TOO_LARGE_413));
        assertEquals(ProblemType.NO_ROUTE, ProtocolProblems.type(Status.NOT_FOUND_404));
        assertEquals(ProblemType.INTERNAL, ProtocolProblems.type(Status.INTERNAL_SERVER_ERROR_500));
    }

    @Test
    void otherStatusesAreAMalformedRequestOrAnInternalError() {
        assertEquals(ProblemType.BAD_REQUEST, ProtocolProblems.type(Status.create(431)));
        assertEquals(ProblemType.BAD_REQUEST, ProtocolProblems.type(Status.HTTP_VERSION_NOT_SUPPORTED_505));
        assertEquals(ProblemType.INTERNAL, ProtocolProblems.type(Status.SERVICE_UNAVAILABLE_503));
    }

    @Test
    void theAnswerIsAProblemAndLeavesHelidonsMessageOut() {
        DirectHandler.TransportResponse answer = new ProtocolProblems(type -> { }).handle(
                DirectHandler.TransportRequest.empty(), DirectHandler.EventType.BAD_REQUEST,
                Status.create(431), ServerResponseHeaders.create(), "header X-Evil: <script>");
        assertEquals(Status.BAD_REQUEST_400, answer.status());
        assertEquals(Problems.MEDIA_TYPE, answer.headers().first(HeaderNames.CONTENT_TYPE).orElse(""));
        String body = new String(answer.entity().orElseThrow());
        assertEquals("https://mosaic.dev/problems/bad-request", Json.parse(body.getBytes()).get("type").asText());
        assertEquals(400, Json.parse(body.getBytes()).get("status").asInt());
        assertEquals(-1, body.indexOf("script"), body);
    }
}
