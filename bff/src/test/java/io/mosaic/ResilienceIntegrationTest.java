package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bulkheads, circuit breakers, required enrichers, fallbacks and deadlines, over real HTTP. */
class ResilienceIntegrationTest {

    @TempDir
    static Path enrichers;

    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final CountDownLatch HOLDING = new CountDownLatch(1);
    private static StubUpstream monolith;
    private static StubUpstream services;
    private static ServerSocket hanging;
    private static final AtomicInteger OPEN_HANGING = new AtomicInteger();
    private static TestMosaic mosaic;
    private static final String STRICT_TOO = "entity-types: [deployables, strict, strict-slow]\n";

    @BeforeAll
    static void start() throws IOException {
        monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> {
            if (req.path().pathParameters().get("id").equals("hold")) {
                HOLDING.countDown();
                try {
                    RELEASE.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            StubUpstream.json(res, "{\"id\":\"" + req.path().pathParameters().get("id") + "\"}");
        }));
        services = StubUpstream.start(r -> r
                .get("/broken/{id}", (req, res) -> StubUpstream.status(res, 500))
                .get("/design/{id}", (req, res) -> StubUpstream.status(res, 503)));
        hanging = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(ResilienceIntegrationTest::acceptHanging);

        TestMosaic.Builder builder = TestMosaic.builder(enrichers);
        builder.enricher("broken", STRICT_TOO + """
                upstream: services
                path: /broken/{id}
                field: broken
                circuit-breaker: { window: 4, minimum-calls: 4, failure-rate: 50, open-for: PT60S }
                """);
        builder.enricher("design", """
                entity-types: [deployables]
                upstream: services
                path: /design/{id}
                field: design
                circuit-breaker: { enabled: false }
                fallback: { type: static, value: '{"theme":"default"}' }
                """);
        builder.enricher("slow", STRICT_TOO + """
                upstream: hanging
                path: /slow/{id}
                field: slow
                timeout: PT0.3S
                circuit-breaker: { enabled: false }
                """);
        mosaic = builder
                .enricher("required-broken", "entity-types: [strict-required]\nupstream: services\npath: /broken/{id}\n"
                        + "field: broken\nrequired: true\n")
                .enricher("required-slow", "entity-types: [strict-timeout]\nupstream: hanging\npath: /slow/{id}\n"
                        + "field: slow\nrequired: true\ntimeout: PT0.3S\n")
                .upstream("monolith", monolith.uri())
                .upstream("services", services.uri())
                .upstream("hanging", "http://127.0.0.1:" + hanging.getLocalPort())
                .set("mosaic.entities.deployables.max-concurrent", "1")
                .set("mosaic.entities.deployables.enrichers", "broken,design,slow")
                .set("mosaic.entities.strict.path", "/deployables/{id}")
                .set("mosaic.entities.strict.enrichers", "broken")
                .set("mosaic.entities.strict-slow.path", "/deployables/{id}")
                .set("mosaic.entities.strict-required.path", "/deployables/{id}")
                .set("mosaic.entities.strict-required.enrichers", "required-broken")
                .set("mosaic.entities.strict-timeout.path", "/deployables/{id}")
                .set("mosaic.entities.strict-timeout.enrichers", "required-slow")
                .start();
    }

    /** Accepts connections and never answers; counts the ones the client has not closed yet. */
    private static void acceptHanging() {
        while (!hanging.isClosed()) {
            try {
                Socket socket = hanging.accept();
                OPEN_HANGING.incrementAndGet();
                Thread.ofVirtual().start(() -> {
                    try (socket; InputStream in = socket.getInputStream()) {
                        while (in.read() >= 0) {
                            // discard until the client closes
                        }
                    } catch (IOException ignored) {
                        // closed by the client: counted below
                    } finally {
                        OPEN_HANGING.decrementAndGet();
                    }
                });
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        RELEASE.countDown();
        mosaic.close();
        monolith.close();
        services.close();
        hanging.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return mosaic.get(path, "X-User-Id", "alice");
    }

    private static String degraded(HttpResponse<String> response) {
        return response.headers().firstValue("Mosaic-Degraded").orElse("");
    }

    @Test
    void eachFailureDegradesOnlyItsOwnField() throws Exception {
        HttpResponse<String> response = get("/api/deployables/1");
        assertEquals(200, response.statusCode(), response.body());
        String header = degraded(response);
        assertTrue(header.contains("broken;reason=error"), header);
        assertTrue(header.contains("design;reason=error;fallback=static"), header);
        assertTrue(header.contains("slow;reason=timeout"), header);
        JsonNode body = Json.parse(response.body().getBytes());
        assertEquals("default", body.at("/design/theme").asText());
    }

    @Test
    void circuitOpensAfterRepeatedFailures() throws Exception {
        String last = "";
        for (int i = 0; i < 8 && !last.contains("broken;reason=circuit-open"); i++) {
            last = degraded(get("/api/strict-slow/" + i));
        }
        assertTrue(last.contains("broken;reason=circuit-open"), last);
    }

    @Test
    void requiredEnricherFailureIsA502NamingIt() throws Exception {
        HttpResponse<String> response = get("/api/strict-required/1");
        assertEquals(502, response.statusCode());
        JsonNode problem = Json.parse(response.body().getBytes());
        assertEquals("https://mosaic.dev/problems/enricher-failed", problem.get("type").asText());
        assertEquals("required-broken", problem.get("enricher").asText());
        HttpResponse<String> timeout = get("/api/strict-timeout/1");
        assertEquals(504, timeout.statusCode());
        assertEquals("required-slow", Json.parse(timeout.body().getBytes()).get("enricher").asText());
    }

    @Test
    void fullMonolithBulkheadAnswers503WithRetryAfter() throws Exception {
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> {
            try {
                return get("/api/deployables/hold");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(HOLDING.await(10, TimeUnit.SECONDS));
        HttpResponse<String> rejected = get("/api/deployables/2");
        assertEquals(503, rejected.statusCode(), rejected.body());
        assertEquals("1", rejected.headers().firstValue("Retry-After").orElse(""));
        assertEquals("https://mosaic.dev/problems/overloaded", Json.parse(rejected.body().getBytes()).get("type").asText());
        RELEASE.countDown();
        assertEquals(200, held.get(20, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void callsPastTheirDeadlineAreCancelledAndTheirConnectionsReleased() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertTrue(degraded(get("/api/deployables/" + (100 + i))).contains("slow;reason=timeout"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (OPEN_HANGING.get() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, OPEN_HANGING.get(), "connections to the hanging upstream must be closed, not leaked");
    }
}
