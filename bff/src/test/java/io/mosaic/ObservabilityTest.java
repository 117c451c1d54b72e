package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.core.Json;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metrics, Server-Timing, correlation headers, readiness during a drain, and nothing lost at shutdown. */
class ObservabilityTest {

    private static final Pattern SERVER_TIMING = Pattern.compile(
            "[A-Za-z0-9_.-]+;dur=\\d+\\.\\d(;desc=\"[a-z-]+\")?(, [A-Za-z0-9_.-]+;dur=\\d+\\.\\d(;desc=\"[a-z-]+\")?)*");

    @TempDir
    Path enrichers;

    private StubUpstream monolith;
    private StubUpstream designs;
    private TestMosaic mosaic;

    @BeforeEach
    void start() throws IOException {
        monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> {
            if (req.path().pathParameters().get("id").equals("slow")) {
                StubUpstream.sleep(1000);
            } else if (req.path().pathParameters().get("id").equals("slower")) {
                StubUpstream.sleep(3000);
            }
            StubUpstream.json(res, "{\"id\":\"1\"}");
        }));
        designs = StubUpstream.start(r -> r.get("/designs/{id}", (req, res) -> StubUpstream.json(res, "{\"t\":1}")));
        mosaic = TestMosaic.builder(enrichers).enricher("visual-design", """
                        entity-types: [deployables]
                        upstream: designs
                        path: /designs/{id}
                        field: visualDesign
                        cache: { ttl: PT60S }
                        """)
                .upstream("monolith", monolith.uri())
                .upstream("designs", designs.uri())
                .set("mosaic.entities.deployables.timeout", "PT5S")
                .set("mosaic.deadline", "PT5S")
                .set("mosaic.shutdown.drain-delay", "PT1S")
                .set("mosaic.shutdown.grace-period", "PT10S")
                .start();
    }

    @AfterEach
    void stop() {
        mosaic.close();
        monolith.close();
        designs.close();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return mosaic.get(path, headers);
    }

    private double metric(String name, String... labels) throws Exception {
        return mosaic.metric(name, labels);
    }

    @Test
    void metricsAppearAndMoveAsRequestsPass() throws Exception {
        double requests = metric("mosaic_requests_seconds_count", "path=\"composed\"", "status=\"2xx\"");
        double decisions = metric("mosaic_routing_decisions_total", "path=\"composed\"");
        double ok = metric("mosaic_enricher_outcomes_total", "enricher=\"visual-design\"", "outcome=\"ok\"");
        double hits = metric("mosaic_enricher_outcomes_total", "enricher=\"visual-design\"", "outcome=\"cache-hit\"");
        assertEquals(200, get("/api/deployables/1").statusCode());
        assertEquals(200, get("/api/deployables/1").statusCode());
        assertEquals(requests + 2, metric("mosaic_requests_seconds_count", "path=\"composed\"", "status=\"2xx\""));
        assertEquals(decisions + 2, metric("mosaic_routing_decisions_total", "path=\"composed\""));
        assertEquals(ok + 1, metric("mosaic_enricher_outcomes_total", "enricher=\"visual-design\"", "outcome=\"ok\""));
        assertEquals(hits + 1, metric("mosaic_enricher_outcomes_total", "enricher=\"visual-design\"",
                "outcome=\"cache-hit\""));
        assertTrue(metric("mosaic_monolith_seconds_count", "type=\"deployables\"") >= 2);
        assertTrue(metric("mosaic_bulkhead_available", "bulkhead=\"visual-design:deployables\"") > 0);
        assertTrue(metric("mosaic_cache_bytes", "cache=\"visual-design:deployables\"") > 0,
                "the cached answer's bytes");
        String text = get("/observe/metrics").body();
        assertTrue(text.contains("mosaic_circuit_state{breaker=\"visual-design:deployables\""), "circuit gauge");
        assertTrue(!text.contains("user") && !text.contains("id=\"1\""), "no user or entity ids in labels");
    }

    @Test
    void serverTimingHasTheBaseAndEachEnricherAndMarksCacheHits() throws Exception {
        HttpResponse<String> first = get("/api/deployables/1");
        String timing = first.headers().firstValue("Server-Timing").orElse("");
        assertTrue(SERVER_TIMING.matcher(timing).matches(), timing);
        assertTrue(timing.contains("base;dur="), timing);
        assertTrue(timing.contains("visual-design;dur="), timing);
        assertTrue(timing.contains("total;dur="), timing);
        String second = get("/api/deployables/1").headers().firstValue("Server-Timing").orElse("");
        assertTrue(second.contains("visual-design;dur=") && second.contains("desc=\"cache-hit\""), second);
    }

    @Test
    void serverTimingCanBeTurnedOff() throws Exception {
        try (TestMosaic quiet = TestMosaic.builder(enrichers)
                .upstream("monolith", monolith.uri())
                .upstream("designs", designs.uri())
                .set("mosaic.entities.deployables.timeout", "PT5S")
                .set("mosaic.server-timing.enabled", "false")
                .start()) {
            HttpResponse<String> answer = quiet.get("/api/deployables/1");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("composed", answer.headers().firstValue("Mosaic-Path").orElse(""));
            assertTrue(answer.body().contains("\"visualDesign\":{\"t\":1}"), answer.body());
            assertTrue(answer.headers().firstValue("Server-Timing").isEmpty(), answer.headers().map().toString());
        }
    }

    /** The access log line of the request with this id: written after the answer has gone out, so awaited. */
    private static String accessLine(LogRecords log, String requestId) throws InterruptedException {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            for (LogRecord record : log.all()) {
                if (record.getMessage().contains("\"" + requestId + "\"")) {
                    return record.getMessage();
                }
            }
            assertTrue(System.nanoTime() < giveUp, "no access log line for " + requestId);
            Thread.sleep(10);
        }
    }

    @Test
    void accessLogNamesTheSlowestCallSoMosaicsOwnTimeIsTheRest() throws Exception {
        // the line is written after the answer has gone out, so it is awaited, not looked up
        try (LogRecords log = LogRecords.of("io.mosaic.access")) {
            assertEquals(200, get("/api/deployables/slow", "X-Request-Id", "slow-1").statusCode());
            String line = accessLine(log, "slow-1");
            JsonNode json = Json.parse(line.getBytes(StandardCharsets.UTF_8));
            double slowest = json.get("slowestCallMs").asDouble();
            assertTrue(slowest >= 1000, line);
            assertTrue(json.get("durationMs").asDouble() >= slowest, line);
        }
    }

    @Test
    void aClientThatGoesAwayBeforeItsComposedAnswerIsWrittenIsNotAServerError() throws Exception {
        double serverErrors = metric("mosaic_requests_seconds_count", "path=\"composed\"", "status=\"5xx\"");
        try (LogRecords log = LogRecords.of("io.mosaic.access")) {
            try (Socket socket = new Socket("127.0.0.1", mosaic.port())) {
                socket.getOutputStream().write(("GET /api/deployables/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "X-Request-Id: gone-1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                mosaic.awaitInFlight();
                // the client gives up while the monolith is still answering: a reset, as a timed-out proxy sends
                socket.setSoLinger(true, 0);
            }
            JsonNode line = Json.parse(accessLine(log, "gone-1").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, line.get("status").asInt(), "the status Mosaic answered with: " + line);
            assertTrue(line.path("aborted").asBoolean(), line.toString());
            assertEquals(serverErrors, metric("mosaic_requests_seconds_count", "path=\"composed\"",
                    "status=\"5xx\""), "no server error was sent");
        }
    }

    @Test
    void requestIdAndTraceContextReachEveryUpstream() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = get("/api/deployables/1", "X-Request-Id", "req-42",
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01", "tracestate", "vendor=abc");
        assertEquals("req-42", response.headers().firstValue("X-Request-Id").orElse(""));
        for (StubUpstream upstream : List.of(monolith, designs)) {
            Map<String, String> seen = upstream.seen().getLast().headers();
            assertEquals("req-42", seen.get("x-request-id"));
            Matcher parent = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01").matcher(seen.get("traceparent"));
            assertTrue(parent.matches(), seen.get("traceparent"));
            assertEquals(traceId, parent.group(1), "same trace");
            assertNotEquals("00f067aa0ba902b7", parent.group(2), "Mosaic's own span is the parent");
            assertEquals("vendor=abc", seen.get("tracestate"));
        }
        HttpResponse<String> generated = get("/api/deployables/2");
        String id = generated.headers().firstValue("X-Request-Id").orElse("");
        assertTrue(id.matches("[0-9a-f-]{36}"), id);
        assertEquals(id, monolith.seen().getLast().headers().get("x-request-id"));
        assertTrue(monolith.seen().getLast().headers().get("traceparent").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"));
    }

    @Test
    void requestsRefusedWhileShuttingDownAreLogged() throws Exception {
        try (LogRecords log = LogRecords.of(MosaicServer.class.getName())) {
            // a request in flight keeps the listener open after the drain delay, while new requests are refused
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return get("/api/deployables/slower");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            mosaic.awaitInFlight();
            Thread drain = Thread.ofPlatform().start(mosaic.server()::drainAndStop);
            HttpResponse<String> refused = get("/api/deployables/1");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (refused.statusCode() == 200 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                refused = get("/api/deployables/1");
            }
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals(200, inFlight.get(20, TimeUnit.SECONDS).statusCode());
            drain.join(Duration.ofSeconds(20));
            assertTrue(log.all().stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING
                            && r.getMessage().startsWith("1 request(s) refused")),
                    "the refusal is told: " + log.all().stream().map(LogRecord::getMessage).toList());
        }
    }

    @Test
    void readinessTurnsFalseDuringADrainAndInFlightRequestsComplete() throws Exception {
        assertEquals(200, get("/observe/health/ready").statusCode());
        List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inFlight.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return get("/api/deployables/slow");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (mosaic.server().lifecycle().inFlight() < 5 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(5, mosaic.server().lifecycle().inFlight(), "all five requests are in flight before the drain");
        Thread drain = Thread.ofPlatform().start(mosaic.server()::drainAndStop);
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!mosaic.server().lifecycle().draining() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        assertTrue(ready.body().contains("\"draining\":true"), ready.body());
        for (CompletableFuture<HttpResponse<String>> request : inFlight) {
            assertEquals(200, request.get(20, TimeUnit.SECONDS).statusCode(), "an in-flight request was lost");
        }
        drain.join(Duration.ofSeconds(20));
    }
}
