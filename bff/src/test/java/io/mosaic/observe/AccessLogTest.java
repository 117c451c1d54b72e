package io.mosaic.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.core.Degradation;
import io.mosaic.core.Json;
import io.mosaic.core.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AccessLogTest {

    private static final Instant NOW = Instant.parse("2026-11-21T21:48:59.989773739Z");

    private static JsonNode parse(String line) {
        return Json.parse(line.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void lineIsOneJsonObjectWithEveryField() {
        String line = AccessLog.line(NOW, "req-1", "deployables", "composed", 200, false, 51_614_000L, 40_120_000L,
                List.of(new Degradation("visual-design", Reason.ERROR, Optional.of("monolith")),
                        Degradation.of("translations", Reason.TIMEOUT)), "0123456789abcdef");
        assertEquals("{\"ts\":\"2026-11-21T21:48:59.989773739Z\",\"requestId\":\"req-1\",\"type\":\"deployables\","
                + "\"path\":\"composed\",\"status\":200,\"durationMs\":51.61,\"slowestCallMs\":40.12,\"degraded\":["
                + "{\"enricher\":\"visual-design\",\"reason\":\"error\",\"fallback\":\"monolith\"},"
                + "{\"enricher\":\"translations\",\"reason\":\"timeout\"}],\"user\":\"0123456789abcdef\"}", line);
        assertEquals(2, parse(line).get("degraded").size());
    }

    @Test
    void withoutDegradationsUserOrCallsThoseFieldsAreLeftOut() {
        JsonNode line = parse(AccessLog.line(NOW, "r", "deployables", "none", 400, false, 1_000_000L, 0, List.of(),
                null));
        assertFalse(line.has("degraded"));
        assertFalse(line.has("aborted"));
        assertFalse(line.has("user"));
        assertFalse(line.has("slowestCallMs"));
        assertEquals(1.0, line.get("durationMs").asDouble());
    }

    @Test
    void anAnswerThatBrokeOffAfterItsStatusWentOutIsMarked() {
        JsonNode line = parse(AccessLog.line(NOW, "r", "deployables", "direct", 200, true, 1_000_000L, 900_000L,
                List.of(), null));
        assertEquals(200, line.get("status").asInt());
        assertTrue(line.get("aborted").asBoolean());
    }

    @Test
    void stringsAreEscaped() {
        String hostile = "a\"b\\c\nd\u0001";
        JsonNode line = parse(AccessLog.line(NOW, hostile, "t", "none", 400, false, 0, 0, List.of(), null));
        assertEquals(hostile, line.get("requestId").asText());
    }

    @Test
    void userHashIsStableAndShort() {
        assertEquals(AccessLog.hash("alice"), AccessLog.hash("alice"));
        assertEquals(16, AccessLog.hash("alice").length());
        assertFalse(AccessLog.hash("alice").equals(AccessLog.hash("bob")));
    }

    @Test
    void handlerBuffersLinesAndFlushesThemWithinItsInterval() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLineHandler handler = new JsonLineHandler(new java.io.BufferedOutputStream(out, 64 * 1024),
                Duration.ofMillis(50));
        try {
            handler.publish(new LogRecord(Level.INFO, "{\"a\":1}"));
            handler.publish(new LogRecord(Level.INFO, "{\"a\":2}"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (out.size() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String lines = out.toString(StandardCharsets.UTF_8);
            assertEquals("{\"a\":1}" + System.lineSeparator() + "{\"a\":2}" + System.lineSeparator(), lines);
        } finally {
            handler.close();
        }
    }

    @Test
    void closingTheHandlerWritesWhatIsBuffered() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonLineHandler handler = new JsonLineHandler(new java.io.BufferedOutputStream(out, 64 * 1024),
                Duration.ofHours(1));
        handler.publish(new LogRecord(Level.INFO, "{\"a\":1}"));
        assertTrue(out.size() == 0, "buffered, not written per line");
        handler.close();
        assertEquals("{\"a\":1}" + System.lineSeparator(), out.toString(StandardCharsets.UTF_8));
    }
}
