package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests Helidon refuses before routing, written on a raw socket (an HTTP client would not send them): each is
 * answered with a problem of a stable type, like every other Mosaic answer, and none echoes the bad input.
 */
class ProtocolErrorsTest {

    @TempDir
    static Path enrichers;

    private static TestMosaic mosaic;

    @BeforeAll
    static void start() {
        // the monolith is never called: every request here is refused before routing
        mosaic = TestMosaic.builder(enrichers)
                .upstream("monolith", "http://127.0.0.1:9")
                .set("mosaic.entities.deployables.path", "/deployables/{id}")
                .start();
    }

    @AfterAll
    static void stop() {
        mosaic.close();
    }

    /** A status line, headers in lower case, and the body. */
    private record Answer(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return "";
        }
    }

    private static Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", mosaic.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            String text = readAnswer(socket.getInputStream());
            int end = text.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no complete head: " + text);
            String head = text.substring(0, end);
            return new Answer(Integer.parseInt(head.substring(9, 12)), head, text.substring(end + 4));
        }
    }

    /** Up to the end of the body its Content-Length announces, or to the end of the stream. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                read.write(buffer, 0, n);
                String text = read.toString(StandardCharsets.ISO_8859_1);
                int end = text.indexOf("\r\n\r\n");
                if (end > 0) {
                    Answer head = new Answer(0, text.substring(0, end), "");
                    String length = head.header("content-length");
                    if (!length.isEmpty() && text.length() - end - 4 >= Integer.parseInt(length)) {
                        break;
                    }
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // whatever arrived is checked by the caller
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }

    private static JsonNode problem(Answer answer, int status, String type) {
        assertEquals(status, answer.status(), answer.head() + "\n\n" + answer.body());
        assertEquals("application/problem+json", answer.header("content-type"), answer.head());
        JsonNode body = Json.parse(answer.body().getBytes(StandardCharsets.UTF_8));
        assertEquals("https://mosaic.dev/problems/" + type, body.get("type").asText());
        assertEquals(status, body.get("status").asInt());
        return body;
    }

    @Test
    void aPathThatDoesNotDecodeIsABadRequestProblem() throws IOException {
        Answer answer = send("GET /api/deployables/%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        problem(answer, 400, "bad-request");
        assertFalse(answer.body().contains("%ZZ"), answer.body());
    }

    @Test
    void aPathOverTheLimitIsAUriTooLongProblem() throws IOException {
        String path = "/api/deployables/" + "x".repeat(20_000);
        Answer answer = send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        problem(answer, 414, "uri-too-long");
        assertFalse(answer.body().contains("xxxxxxxx"), answer.body());
    }

    @Test
    void aControlCharacterInAHeaderIsABadRequestProblem() throws IOException {
        Answer answer = send("GET /api/deployables/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe: evil\u0001value\r\n\r\n");
        problem(answer, 400, "bad-request");
        assertFalse(answer.body().contains("evil"), answer.body());
    }

    @Test
    void aHeaderOverTheLimitIsABadRequestProblem() throws IOException {
        String value = "y".repeat(20 * 1024);
        Answer answer = send("GET /api/deployables/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + value + "\r\n\r\n");
        problem(answer, 400, "bad-request");
        assertFalse(answer.body().contains("yyyyyyyy"), answer.body());
    }

    @Test
    void requestsRefusedBeforeTheyReachAnEntityTypeAreCountedByProblem() throws Exception {
        String[][] cases = {
                {"GET /api/deployables/%ZZ HTTP/1.1", "bad-request"},
                {"GET /api/widgets/1 HTTP/1.1", "unknown-entity-type"},
                {"DELETE /api/deployables/1 HTTP/1.1", "method-not-allowed"},
                {"GET /api/deployables/..%2F..%2Fadmin HTTP/1.1", "bad-id"},
                {"GET /nothing/here HTTP/1.1", "no-route"}};
        for (String[] refused : cases) {
            String label = "problem=\"" + refused[1] + "\"";
            double before = mosaic.metric("mosaic_refused_total", label);
            send(refused[0] + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            assertEquals(before + 1, mosaic.metric("mosaic_refused_total", label), refused[0]);
        }
    }
}
