package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cache.stale-while-revalidate} over real HTTP: a stale answer at once, the new one fetched in the background. */
class StaleWhileRevalidateTest {

    @TempDir
    Path enrichers;

    private final AtomicInteger designCalls = new AtomicInteger();
    private StubUpstream monolith;
    private StubUpstream designs;
    private TestMosaic mosaic;

    @BeforeEach
    void start() throws IOException {
        monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> StubUpstream.json(res,
                "{\"id\":\"" + req.path().pathParameters().get("id") + "\"}")));
        designs = StubUpstream.start(r -> r.get("/designs/{id}", (req, res) -> StubUpstream.json(res,
                "{\"v\":" + designCalls.incrementAndGet() + "}")));
        mosaic = TestMosaic.builder(enrichers).enricher("visual-design", """
                        entity-types: [deployables]
                        upstream: designs
                        path: /designs/{id}
                        field: visualDesign
                        cache: { ttl: PT1S, stale-while-revalidate: PT60S }
                        """)
                .upstream("monolith", monolith.uri())
                .upstream("designs", designs.uri())
                .set("mosaic.entities.deployables.timeout", "PT5S")
                .set("mosaic.deadline", "PT5S")
                .start();
    }

    @AfterEach
    void stop() {
        mosaic.close();
        monolith.close();
        designs.close();
    }

    @Test
    void pastItsTtlTheAnswerIsServedAtOnceAndFetchedAgainInTheBackground() throws Exception {
        assertTrue(body().contains("\"visualDesign\":{\"v\":1}"));
        TimeUnit.MILLISECONDS.sleep(1200);
        HttpResponse<String> stale = mosaic.get("/api/deployables/1");
        assertEquals(200, stale.statusCode());
        assertTrue(stale.body().contains("\"visualDesign\":{\"v\":1}"), stale.body());
        assertTrue(stale.headers().firstValue("Mosaic-Degraded").isEmpty(),
                "a stale answer in the window is no degradation");
        assertTrue(stale.headers().firstValue("Server-Timing").orElse("").contains("desc=\"cache-hit\""));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (mosaic.metric("mosaic_cache_revalidations_total", "cache=\"visual-design:deployables\"",
                "outcome=\"ok\"") < 1) {
            assertTrue(System.nanoTime() < giveUp, "the background call never finished");
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertEquals(2, designCalls.get());
        assertTrue(body().contains("\"visualDesign\":{\"v\":2}"), "the next request gets the answer fetched meanwhile");
        assertEquals(2, designCalls.get());
    }

    private String body() throws Exception {
        HttpResponse<String> response = mosaic.get("/api/deployables/1");
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
