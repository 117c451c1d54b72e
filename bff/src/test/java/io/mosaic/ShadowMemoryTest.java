package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.getunleash.FakeUnleash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The primary answers kept for shadow comparisons are bounded in bytes: a larger one is skipped, not queued. */
class ShadowMemoryTest {

    @TempDir
    static Path enrichers;

    private static StubUpstream monolith;
    private static StubUpstream designs;
    private static TestMosaic mosaic;

    @BeforeAll
    static void start() throws IOException {
        // the same entity on both paths: "small" fits into the 64 bytes of room, "large" does not
        monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> {
            String id = req.path().pathParameters().get("id");
            boolean legacy = "false".equals(req.query().first("skipExternal").orElse(""));
            String name = id.equals("large") ? "x".repeat(200) : "s";
            StubUpstream.json(res, "{\"id\":\"" + id + "\",\"name\":\"" + name + "\""
                    + (legacy ? ",\"visualDesign\":{\"t\":1}}" : "}"));
        }));
        designs = StubUpstream.start(r -> r.get("/designs/{id}", (req, res) -> StubUpstream.json(res, "{\"t\":1}")));
        FakeUnleash flags = new FakeUnleash();
        flags.enable("mosaic.shadow");
        flags.conditionallyEnable(ctx -> ctx.getUserId().filter("alice"::equals).isPresent(), "mosaic.composed");
        mosaic = TestMosaic.builder(enrichers).enricher("visual-design", """
                        entity-types: [deployables]
                        upstream: designs
                        path: /designs/{id}
                        field: visualDesign
                        """)
                .upstream("monolith", monolith.uri())
                .upstream("designs", designs.uri())
                .set("mosaic.routing.shadow-flag", "mosaic.shadow")
                .set("mosaic.entities.deployables.timeout", "PT1S")
                .set("mosaic.shadow.max-memory", "64")
                .flags(flags)
                .start();
    }

    @AfterAll
    static void stop() {
        mosaic.close();
        monolith.close();
        designs.close();
    }

    private static double shadowCount(String result) throws Exception {
        return mosaic.metric("mosaic_shadow_total", "result=\"" + result + "\"");
    }

    /** Waits until the shadow counters have moved by {@code total}, then returns how the matches moved. */
    private static double comparedAfter(String user, String id, double matchesBefore, double totalBefore)
            throws Exception {
        assertEquals(200, mosaic.get("/api/deployables/" + id, "X-User-Id", user).statusCode());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (total() < totalBefore + 1 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(totalBefore + 1, total(), "one comparison made or skipped");
        return shadowCount("match") - matchesBefore;
    }

    private static double total() throws Exception {
        return shadowCount("match") + shadowCount("mismatch") + shadowCount("skipped") + shadowCount("error");
    }

    @Test
    void anAnswerThatFitsIsComparedALargerOneIsSkipped() throws Exception {
        for (String user : new String[] {"alice", "bob"}) {
            double skipped = shadowCount("skipped");
            assertEquals(1, comparedAfter(user, "small", shadowCount("match"), total()), user + ": small");
            assertEquals(0, comparedAfter(user, "large", shadowCount("match"), total()), user + ": large");
            assertTrue(shadowCount("skipped") >= skipped + 1, user + ": large is skipped");
        }
    }
}
