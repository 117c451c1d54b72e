package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import io.mosaic.enricher.Transformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FallbackTest {

    private static final String BASE = "{\"id\":\"42\",\"name\":\"svc\"}";
    private static final String LEGACY = "{\"id\":\"42\",\"name\":\"svc\",\"visualDesign\":{\"theme\":\"legacy\"},"
            + "\"translations\":{\"en\":\"hi\"}}";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Composer composer = new Composer(executor, new DeadlineTimer(timer));
    private final AtomicInteger legacyFetches = new AtomicInteger();

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
        timer.shutdownNow();
    }

    /** The monolith: the base with skipExternal=true, its own enriched entity with skipExternal=false. */
    private final Fetch monolith = request -> {
        if (request.pathAndQuery().endsWith("skipExternal=false")) {
            legacyFetches.incrementAndGet();
            return new FetchResult.Ok(200, LEGACY.getBytes());
        }
        return new FetchResult.Ok(200, BASE.getBytes());
    };

    private static Enricher enricher(String name, String field, Fetch fetch, Fallback fallback, boolean required) {
        return new Enricher(name, UriTemplate.compile("/" + name + "/{id}"), JsonPointer.compile(field),
                Duration.ofSeconds(1), required, false, fetch, Transformer.IDENTITY, fallback);
    }

    private Composition compose(Enricher... enrichers) {
        EntityPlan plan = new EntityPlan("deployables", UriTemplate.compile("/deployables/{id}"), monolith,
                Duration.ofSeconds(1), List.of(enrichers));
        return composer.compose(plan, new EntityRequest("deployables", "42", Map.of(), Optional.empty(),
                Deadline.after(Duration.ofSeconds(5))));
    }

    @Test
    void omitLeavesTheFieldOut() {
        Composition.Composed c = assertInstanceOf(Composition.Composed.class, compose(
                enricher("visual-design", "/visualDesign", Upstreams.failing(Reason.TIMEOUT), new Fallback.Omit(), false)));
        assertTrue(c.document().path("visualDesign").isMissingNode());
        assertEquals("visual-design;reason=timeout", Degradation.header(c.degraded()));
    }

    @Test
    void staticServesTheConfiguredValue() {
        Composition.Composed c = assertInstanceOf(Composition.Composed.class, compose(enricher("visual-design",
                "/visualDesign", Upstreams.failing(Reason.ERROR),
                new Fallback.Static(Json.parse("{\"theme\":\"default\"}".getBytes())), false)));
        assertEquals("default", c.document().at("/visualDesign/theme").asText());
        assertEquals("visual-design;reason=error;fallback=static", Degradation.header(c.degraded()));
    }

    @Test
    void staleServesTheLastGoodAnswerTransformedAgain() {
        Fallback stale = new Fallback.Stale(request -> Optional.of("{\"theme\":\"yesterday\"}".getBytes()));
        Composition.Composed c = assertInstanceOf(Composition.Composed.class, compose(enricher("visual-design",
                "/visualDesign", Upstreams.failing(Reason.CIRCUIT_OPEN), stale, false)));
        assertEquals("yesterday", c.document().at("/visualDesign/theme").asText());
        assertEquals("visual-design;reason=circuit-open;fallback=stale", Degradation.header(c.degraded()));

        Fallback nothingKept = new Fallback.Stale(request -> Optional.empty());
        Composition.Composed none = assertInstanceOf(Composition.Composed.class, compose(enricher("visual-design",
                "/visualDesign", Upstreams.failing(Reason.ERROR), nothingKept, false)));
        assertEquals("visual-design;reason=error", Degradation.header(none.degraded()));
    }

    @Test
    void staleDoesNotBringBackAnAnswerTheUpstreamNowSaysIsGone() {
        Fallback stale = new Fallback.Stale(request -> Optional.of("{\"theme\":\"deleted\"}".getBytes()));
        Composition.Composed c = assertInstanceOf(Composition.Composed.class, compose(enricher("visual-design",
                "/visualDesign", request -> new FetchResult.NotFound(), stale, false)));
        assertTrue(c.document().path("visualDesign").isMissingNode(), c.document().toString());
        assertEquals("visual-design;reason=not-found", Degradation.header(c.degraded()));
    }

    @Test
    void monolithFallbackFetchesTheLegacyEntityOnceAndLazily() {
        Composition.Composed ok = assertInstanceOf(Composition.Composed.class, compose(
                enricher("visual-design", "/visualDesign", Upstreams.answering("{\"theme\":\"new\"}"),
                        new Fallback.Monolith(), false)));
        assertEquals("new", ok.document().at("/visualDesign/theme").asText());
        assertEquals(0, legacyFetches.get(), "no legacy fetch while every enricher answers");

        Composition.Composed c = assertInstanceOf(Composition.Composed.class, compose(
                enricher("visual-design", "/visualDesign", Upstreams.failing(Reason.TIMEOUT), new Fallback.Monolith(), false),
                enricher("translations", "/translations", Upstreams.failing(Reason.ERROR), new Fallback.Monolith(), true)));
        assertEquals("legacy", c.document().at("/visualDesign/theme").asText());
        assertEquals("hi", c.document().at("/translations/en").asText());
        assertEquals("visual-design;reason=timeout;fallback=monolith, translations;reason=error;fallback=monolith",
                Degradation.header(c.degraded()));
        assertEquals(1, legacyFetches.get(), "the legacy entity is fetched once per request");
    }

    @Test
    void requiredEnricherServedByAFallbackDoesNotFailTheRequest() {
        assertInstanceOf(Composition.Composed.class, compose(enricher("visual-design", "/visualDesign",
                Upstreams.failing(Reason.ERROR), new Fallback.Static(Json.parse("{}".getBytes())), true)));
        assertInstanceOf(Composition.RequiredFailed.class, compose(enricher("visual-design", "/visualDesign",
                Upstreams.failing(Reason.ERROR), new Fallback.Omit(), true)));
    }
}
