package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.getunleash.FakeUnleash;
import io.mosaic.core.Json;
import io.mosaic.upstream.RawServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Direct answers that begin and then break off, from a monolith on a raw socket: the client never gets a fragment
 * presented as a whole answer. Each entity type here has a monolith of its own that misbehaves in one way.
 */
class DirectAnswerBreaksOffTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nETag: \"v1\"\r\n";
    /** More than Helidon holds back before it writes a streamed answer's first bytes to the connection. */
    private static final int SENT_AHEAD = 256 * 1024;

    @TempDir
    static Path enrichers;

    private static final CountDownLatch CHUNKED_CLOSED = new CountDownLatch(1);
    private static final CountDownLatch CLIENT_HAS_STATUS = new CountDownLatch(1);
    private static final CountDownLatch CLIENT_GONE = new CountDownLatch(1);
    private static final Map<String, RawServer> MONOLITHS = new LinkedHashMap<>();
    private static final Map<String, CompletableFuture<String>> LOGGED = new ConcurrentHashMap<>();
    private static final Handler ACCESS = new Handler() {
        @Override
        public void publish(LogRecord record) {
            JsonNode line = Json.parse(record.getMessage().getBytes(StandardCharsets.UTF_8));
            LOGGED.computeIfAbsent(line.get("requestId").asText(), id -> new CompletableFuture<>())
                    .complete(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static TestMosaic mosaic;

    @BeforeAll
    static void start() throws IOException {
        MONOLITHS.put("reset", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Content-Length: 100\r\n\r\n{\"id\":\"rst\",");
            reset(socket);
        }));
        MONOLITHS.put("short", new RawServer((socket, out, written) ->
                RawServer.write(out, HEAD + "Content-Length: 100000\r\n\r\n{\"id\":\"short\",\"a\":1")));
        MONOLITHS.put("chunked", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"id\":\"chunked\"}\r\n0\r\n\r\n");
            RawServer.awaitClose(socket, CHUNKED_CLOSED);
        }));
        MONOLITHS.put("drip", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Content-Length: 1000\r\n\r\n");
            drip(out);
        }));
        MONOLITHS.put("sent-reset", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Content-Length: " + 4 * SENT_AHEAD + "\r\n\r\n");
            spaces(out, SENT_AHEAD);
            // reset only once the client has the start of the answer: a reset discards what Mosaic has not read
            CLIENT_HAS_STATUS.await(10, TimeUnit.SECONDS);
            reset(socket);
        }));
        MONOLITHS.put("sent-short", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Content-Length: " + 4 * SENT_AHEAD + "\r\n\r\n");
            spaces(out, SENT_AHEAD);
        }));
        MONOLITHS.put("sent-drip", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Content-Length: " + 4 * SENT_AHEAD + "\r\n\r\n");
            spaces(out, SENT_AHEAD);
            drip(out);
        }));
        MONOLITHS.put("client-gone", new RawServer((socket, out, written) -> {
            RawServer.write(out, HEAD + "Content-Length: " + 4 * SENT_AHEAD + "\r\n\r\n");
            spaces(out, SENT_AHEAD);
            // the rest only once the client has reset its connection: Mosaic's next write to it fails
            CLIENT_GONE.await(10, TimeUnit.SECONDS);
            spaces(out, 3 * SENT_AHEAD);
        }));
        MONOLITHS.put("silent", new RawServer((socket, out, written) ->
                RawServer.awaitClose(socket, new CountDownLatch(1))));
        TestMosaic.Builder builder = TestMosaic.builder(enrichers)
                .upstream("monolith", MONOLITHS.get("reset").uri())
                .set("mosaic.deadline", "PT1S")
                // all flags off: every request takes the direct path
                .flags(new FakeUnleash());
        MONOLITHS.forEach((type, server) -> builder.upstream(type, server.uri())
                .set("mosaic.entities." + type + ".upstream", type)
                .set("mosaic.entities." + type + ".path", "/deployables/{id}"));
        mosaic = builder.start();
        Logger.getLogger("io.mosaic.access").addHandler(ACCESS);
    }

    @AfterAll
    static void stop() throws IOException {
        Logger.getLogger("io.mosaic.access").removeHandler(ACCESS);
        mosaic.close();
        for (RawServer server : MONOLITHS.values()) {
            server.close();
        }
    }

    private static void reset(Socket socket) throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    private static void spaces(OutputStream out, int count) throws IOException {
        byte[] chunk = new byte[16 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        for (int sent = 0; sent < count; sent += chunk.length) {
            out.write(chunk);
        }
        out.flush();
    }

    /** One byte every 100 ms, until the reader goes away. */
    private static void drip(OutputStream out) throws IOException, InterruptedException {
        for (int i = 0; i < 1000; i++) {
            Thread.sleep(100);
            RawServer.write(out, " ");
        }
    }

    /** What follows on the connection until Mosaic closes it, or until it completes the chunked answer. */
    private static String untilClosedOrCompleted(InputStream in) throws IOException {
        StringBuilder read = new StringBuilder();
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            read.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
            if (read.toString().endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        return read.toString();
    }

    private static JsonNode accessLine(String requestId) throws Exception {
        String line = LOGGED.computeIfAbsent(requestId, id -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
        return Json.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    private static double monolithCalls(String type, String outcome) throws Exception {
        return mosaic.metric("mosaic_monolith_seconds_count", "type=\"" + type + "\"", "outcome=\"" + outcome + "\"");
    }

    /** The answer is a problem in place of the monolith's, none of whose headers are left. */
    private static void replacedBy(String type, int status, String problem, String outcome) throws Exception {
        double before = monolithCalls(type, outcome);
        String requestId = "broken-" + type;
        HttpResponse<String> response = mosaic.get("/api/" + type + "/1", "X-Request-Id", requestId);
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        assertEquals("https://mosaic.dev/problems/" + problem,
                Json.parse(response.body().getBytes(StandardCharsets.UTF_8)).get("type").asText());
        assertEquals("direct", response.headers().firstValue("Mosaic-Path").orElse(""));
        assertEquals(requestId, response.headers().firstValue("X-Request-Id").orElse(""));
        assertTrue(response.headers().firstValue("etag").isEmpty(), "the monolith's headers went with its answer");
        assertEquals(before + 1, monolithCalls(type, outcome));
        JsonNode line = accessLine(requestId);
        assertEquals(status, line.get("status").asInt(), line.toString());
        assertFalse(line.has("aborted"), line.toString());
    }

    /** The client sees the answer fail: it never completes, and the connection is closed. */
    private static void aborted(String type, String outcome) throws Exception {
        double before = monolithCalls(type, outcome);
        String requestId = "aborted-" + type;
        assertThrows(IOException.class, () -> mosaic.get("/api/" + type + "/1", "X-Request-Id", requestId));
        JsonNode line = accessLine(requestId);
        assertEquals(200, line.get("status").asInt(), "the status that went out: " + line);
        assertTrue(line.path("aborted").asBoolean(), line.toString());
        assertEquals(before + 1, monolithCalls(type, outcome));
    }

    @Test
    void aResetMidBodyIsA502NotACutOff200() throws Exception {
        replacedBy("reset", 502, "monolith-unavailable", "error");
    }

    @Test
    void aBodyShorterThanDeclaredIsA502() throws Exception {
        replacedBy("short", 502, "monolith-unavailable", "error");
    }

    @Test
    void brokenChunkingIsA502AndItsConnectionIsClosed() throws Exception {
        replacedBy("chunked", 502, "monolith-unavailable", "error");
        assertTrue(CHUNKED_CLOSED.await(10, TimeUnit.SECONDS), "the monolith connection was left open");
    }

    @Test
    void aDripPastTheDeadlineIsA504() throws Exception {
        long start = System.nanoTime();
        replacedBy("drip", 504, "monolith-timeout", "timeout");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "the 1 s deadline must hold");
    }

    @Test
    void aResetAfterTheAnswerBeganToGoOutAbortsTheConnection() throws Exception {
        double before = monolithCalls("sent-reset", "error");
        try (Socket socket = new Socket("127.0.0.1", mosaic.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET /api/sent-reset/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Request-Id: aborted-sent-reset\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] status = in.readNBytes("HTTP/1.1 200".length());
            assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
            CLIENT_HAS_STATUS.countDown();
            String rest = untilClosedOrCompleted(in);
            assertTrue(rest.contains("Transfer-Encoding: chunked"), rest.substring(0, Math.min(400, rest.length())));
            assertFalse(rest.endsWith("\r\n0\r\n\r\n"), "the answer was completed with its last chunk");
        }
        JsonNode line = accessLine("aborted-sent-reset");
        assertEquals(200, line.get("status").asInt(), line.toString());
        assertTrue(line.path("aborted").asBoolean(), line.toString());
        assertEquals(before + 1, monolithCalls("sent-reset", "error"));
    }

    @Test
    void aClientThatGoesAwayIsNotAMonolithError() throws Exception {
        double errors = monolithCalls("client-gone", "error");
        double cancelled = monolithCalls("client-gone", "cancelled");
        try (Socket socket = new Socket("127.0.0.1", mosaic.port())) {
            socket.setSoTimeout(15_000);
            socket.getOutputStream().write(("GET /api/client-gone/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Request-Id: aborted-client-gone\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] status = socket.getInputStream().readNBytes("HTTP/1.1 200".length());
            assertEquals("HTTP/1.1 200", new String(status, StandardCharsets.US_ASCII));
            reset(socket);
        } finally {
            CLIENT_GONE.countDown();
        }
        JsonNode line = accessLine("aborted-client-gone");
        assertEquals(200, line.get("status").asInt(), line.toString());
        assertTrue(line.path("aborted").asBoolean(), line.toString());
        assertEquals(errors, monolithCalls("client-gone", "error"), "the monolith did nothing wrong");
        assertEquals(cancelled + 1, monolithCalls("client-gone", "cancelled"));
    }

    @Test
    void aClientThatGoesAwayBeforeItsProblemIsWrittenIsLoggedWithThatProblemsStatus() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", mosaic.port())) {
            socket.getOutputStream().write(("GET /api/silent/1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-Request-Id: aborted-silent\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            mosaic.awaitInFlight();
            // the client gives up before Mosaic's deadline: a reset, as a proxy that timed out first sends
            reset(socket);
        }
        JsonNode line = accessLine("aborted-silent");
        assertEquals(504, line.get("status").asInt(), "the monolith timed out, Mosaic did not fail: " + line);
        assertTrue(line.path("aborted").asBoolean(), line.toString());
    }

    @Test
    void anEndAfterTheAnswerBeganToGoOutAbortsTheConnection() throws Exception {
        aborted("sent-short", "error");
    }

    @Test
    void theDeadlineAfterTheAnswerBeganToGoOutAbortsTheConnection() throws Exception {
        aborted("sent-drip", "timeout");
    }
}
