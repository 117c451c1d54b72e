package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.getunleash.FakeUnleash;
import io.helidon.http.HeaderNames;
import io.mosaic.core.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mosaic over real HTTP, with stub upstreams on their own sockets. */
class MosaicServerTest {

    @TempDir
    static Path enrichers;

    private static StubUpstream monolith;
    private static StubUpstream designs;
    private static StubUpstream texts;
    private static TestMosaic mosaic;

    @BeforeAll
    static void start() throws IOException {
        monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> {
            switch (req.path().pathParameters().get("id")) {
                case "404" -> StubUpstream.status(res, 404);
                case "500" -> StubUpstream.status(res, 500);
                case "slow" -> {
                    StubUpstream.sleep(3000);
                    StubUpstream.json(res, "{}");
                }
                default -> {
                    if ("false".equals(req.query().first("skipExternal").orElse(""))) {
                        res.header(HeaderNames.CACHE_CONTROL, "max-age=30");
                        res.header(HeaderNames.ETAG, "\"v1\"");
                        res.header(HeaderNames.create("X-Monolith-Internal"), "secret");
                        StubUpstream.json(res, "{\"id\":\"" + req.path().pathParameters().get("id")
                                + "\",\"legacy\":true,\"visualDesign\":{\"theme\":\"legacy\"}}");
                    } else {
                        StubUpstream.json(res, "{\"id\":\"" + req.path().pathParameters().get("id")
                                + "\",\"name\":\"svc\",\"ownerId\":\"team-1\"}");
                    }
                }
            }
        }));
        designs = StubUpstream.start(r -> r.get("/designs/{id}", (req, res) -> {
            if (req.path().pathParameters().get("id").equals("7")) {
                StubUpstream.status(res, 503);
            } else {
                StubUpstream.json(res, "{\"theme\":\"dark\"}");
            }
        }));
        texts = StubUpstream.start(r -> r.get("/texts/{owner}", (req, res) ->
                StubUpstream.json(res, "{\"texts\":{\"en\":\"hi\",\"de\":\"hallo\"}}")));
        TestMosaic.Builder folders = TestMosaic.builder(enrichers).enricher("visual-design", """
                entity-types: [deployables]
                upstream: designs
                path: /designs/{id}
                field: visualDesign
                flag: kill.visual-design
                """).enricher("translations", """
                entity-types: [deployables]
                upstream: texts
                path: /texts/{ownerId}
                field: translations
                transformer:
                  name: accept-language
                """);
        mosaic = configured(folders).flags(flags()).start();
    }

    /** Upstreams and entity settings, for the enricher folders written in {@link #start()}. */
    private static TestMosaic.Builder configured(TestMosaic.Builder builder) {
        return builder
                .upstream("monolith", monolith.uri())
                .upstream("designs", designs.uri())
                .upstream("texts", texts.uri())
                .set("mosaic.entities.deployables.timeout", "PT0.5S")
                .set("mosaic.entities.deployables.base-fields", "id,name,ownerId")
                .set("mosaic.entities.deployables.enrichers", "visual-design,translations");
    }

    /** Everyone is composed except the user 'legacy'; the visual-design kill switch is off for user 'nodesign'. */
    private static FakeUnleash flags() {
        FakeUnleash flags = new FakeUnleash();
        flags.conditionallyEnable(ctx -> !ctx.getUserId().filter("legacy"::equals).isPresent(), "mosaic.composed");
        flags.conditionallyEnable(ctx -> !ctx.getUserId().filter("nodesign"::equals).isPresent(), "kill.visual-design");
        return flags;
    }

    @AfterAll
    static void stop() {
        mosaic.close();
        monolith.close();
        designs.close();
        texts.close();
    }

    @BeforeEach
    void forget() {
        monolith.seen().clear();
        designs.seen().clear();
        texts.seen().clear();
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return mosaic.get(path, headers);
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String type) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("content-type").orElse(""));
        JsonNode body = Json.parse(response.body().getBytes());
        assertEquals("https://mosaic.dev/problems/" + type, body.get("type").asText());
        assertEquals(status, body.get("status").asInt());
        assertFalse(response.body().contains("Exception"), response.body());
        return body;
    }

    @Test
    void aPortInUseFailsTheStartInsteadOfServingNothing() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> configured(
                    TestMosaic.builder(enrichers)).set("server.port", String.valueOf(taken.getLocalPort())).start());
            assertTrue(failed.getMessage().contains("server.port " + taken.getLocalPort()), failed.getMessage());
        }
    }

    @Test
    void composesBaseAndEnrichmentsIntoOneObject() throws Exception {
        HttpResponse<String> response = get("/api/deployables/42", "Accept-Language", "de", "X-User-Id", "alice");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("composed", response.headers().firstValue("Mosaic-Path").orElse(""));
        assertTrue(response.headers().firstValue("Mosaic-Degraded").isEmpty());
        assertEquals("{\"id\":\"42\",\"name\":\"svc\",\"ownerId\":\"team-1\",\"visualDesign\":{\"theme\":\"dark\"},"
                + "\"translations\":{\"de\":\"hallo\"}}", response.body());
        assertEquals("skipExternal=true", monolith.seen().getFirst().query());
        assertEquals("/texts/team-1", texts.seen().getFirst().path());
    }

    @Test
    void failingEnricherDegradesTheAnswerNotTheRequest() throws Exception {
        HttpResponse<String> response = get("/api/deployables/7");
        assertEquals(200, response.statusCode());
        assertEquals("visual-design;reason=error", response.headers().firstValue("Mosaic-Degraded").orElse(""));
        assertFalse(response.body().contains("visualDesign"));
        assertTrue(response.body().contains("translations"));
    }

    @Test
    void monolithFailuresMapToProblems() throws Exception {
        problem(get("/api/deployables/404"), 404, "not-found");
        problem(get("/api/deployables/500"), 502, "monolith-unavailable");
        long start = System.nanoTime();
        problem(get("/api/deployables/slow"), 504, "monolith-timeout");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2500, "the 0.5 s monolith timeout must hold");
    }

    @Test
    void badIdsNeverReachAnUpstream() throws Exception {
        problem(get("/api/deployables/a%20b"), 400, "bad-id");
        problem(get("/api/deployables/..%2F..%2Fadmin"), 400, "bad-id");
        problem(get("/api/deployables/a%2Fb"), 400, "bad-id");
        problem(get("/api/deployables/%2e%2e"), 400, "bad-id");
        assertEquals(404, get("/api/deployables/..").statusCode());
        problem(get("/api/deployables/" + "x".repeat(200)), 400, "bad-id");
        assertTrue(monolith.seen().isEmpty(), "upstream saw " + monolith.seen());
        assertTrue(designs.seen().isEmpty(), "upstream saw " + designs.seen());
    }

    @Test
    void unknownTypesRoutesAndMethodsAreProblems() throws Exception {
        problem(get("/api/widgets/1"), 404, "unknown-entity-type");
        problem(get("/nothing-here"), 404, "no-route");
        HttpResponse<String> post = mosaic.send(HttpRequest.newBuilder(mosaic.uri("/api/deployables/1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        problem(post, 405, "method-not-allowed");
        assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void headIsNotAllowedAndTheAnswerSaysSoOnlyGetIs() throws Exception {
        HttpResponse<String> head = mosaic.send(HttpRequest.newBuilder(mosaic.uri("/api/deployables/1"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(405, head.statusCode());
        assertEquals("GET", head.headers().firstValue("Allow").orElse(""), "HEAD is not served, so not offered");
        assertEquals("application/problem+json", head.headers().firstValue("content-type").orElse(""));
        assertTrue(monolith.seen().isEmpty(), "upstream saw " + monolith.seen());
    }

    @Test
    void forwardsAllowListedHeadersOnlyAndNoHopByHop() throws Exception {
        get("/api/deployables/42", "Authorization", "Bearer abc", "Accept-Language", "de", "X-User-Id", "alice",
                "X-Request-Id", "req-1", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                "Cookie", "session=secret", "X-Internal", "nope");
        for (StubUpstream upstream : new StubUpstream[] {monolith, designs, texts}) {
            Map<String, String> headers = upstream.seen().getFirst().headers();
            assertEquals("Bearer abc", headers.get("authorization"));
            assertEquals("de", headers.get("accept-language"));
            assertEquals("alice", headers.get("x-user-id"));
            assertEquals("req-1", headers.get("x-request-id"));
            assertTrue(headers.containsKey("traceparent"));
            assertFalse(headers.containsKey("cookie"), headers.toString());
            assertFalse(headers.containsKey("x-internal"), headers.toString());
        }
    }

    @Test
    void dropsHopByHopHeadersAndThoseNamedInConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", mosaic.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/deployables/42 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept-Language: de\r\nAuthorization: Bearer abc\r\nKeep-Alive: timeout=5\r\n"
                    + "Proxy-Authorization: Basic c2VjcmV0\r\nTE: trailers\r\n"
                    + "Connection: close, Accept-Language\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 200 OK", statusLine);
        }
        Map<String, String> headers = monolith.seen().getFirst().headers();
        assertEquals("Bearer abc", headers.get("authorization"));
        for (String hop : new String[] {"accept-language", "keep-alive", "proxy-authorization", "te"}) {
            assertFalse(headers.containsKey(hop), hop + " was forwarded: " + headers);
        }
    }

    @Test
    void directPathReturnsTheMonolithsOwnAnswerUnchanged() throws Exception {
        HttpResponse<String> response = get("/api/deployables/42", "X-User-Id", "legacy", "Accept-Language", "de");
        assertEquals(200, response.statusCode());
        assertEquals("direct", response.headers().firstValue("Mosaic-Path").orElse(""));
        assertEquals("{\"id\":\"42\",\"legacy\":true,\"visualDesign\":{\"theme\":\"legacy\"}}", response.body());
        assertEquals("max-age=30", response.headers().firstValue("cache-control").orElse(""));
        assertEquals("\"v1\"", response.headers().firstValue("etag").orElse(""));
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""));
        assertTrue(response.headers().firstValue("x-monolith-internal").isEmpty());
        assertEquals("skipExternal=false", monolith.seen().getFirst().query());
        assertEquals("de", monolith.seen().getFirst().headers().get("accept-language"));
        assertTrue(designs.seen().isEmpty(), "the direct path calls no enricher");
    }

    @Test
    void directPathPassesMonolithStatusThroughAndMapsItsTimeout() throws Exception {
        HttpResponse<String> notFound = get("/api/deployables/404", "X-User-Id", "legacy");
        assertEquals(404, notFound.statusCode());
        assertEquals("direct", notFound.headers().firstValue("Mosaic-Path").orElse(""));
        assertEquals("{}", notFound.body());
        assertEquals(500, get("/api/deployables/500", "X-User-Id", "legacy").statusCode());
        HttpResponse<String> slow = get("/api/deployables/slow", "X-User-Id", "legacy");
        problem(slow, 504, "monolith-timeout");
        assertEquals("direct", slow.headers().firstValue("Mosaic-Path").orElse(""));
    }

    @Test
    void killSwitchOffSkipsTheEnricher() throws Exception {
        HttpResponse<String> response = get("/api/deployables/42", "X-User-Id", "nodesign");
        assertEquals(200, response.statusCode());
        assertEquals("visual-design;reason=disabled", response.headers().firstValue("Mosaic-Degraded").orElse(""));
        assertTrue(designs.seen().isEmpty(), "a disabled enricher is not called");
        assertTrue(response.body().contains("translations"));
    }
}
