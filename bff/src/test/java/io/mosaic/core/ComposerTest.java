package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.enricher.Transformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ComposerTest {

    private static final String BASE = "{\"id\":\"42\",\"name\":\"svc\",\"ownerId\":\"team-7\"}";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Composer composer = new Composer(executor, new DeadlineTimer(timer));

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private Enricher enricher(String name, String template, String field, Fetch fetch) {
        return new Enricher(name, UriTemplate.compile(template), JsonPointer.compile(field), Duration.ofSeconds(1),
                false, false, new DeadlineStage(new DeadlineTimer(timer)).apply(fetch), Transformer.IDENTITY);
    }

    private static EntityPlan plan(Fetch base, Enricher... enrichers) {
        return new EntityPlan("deployables", UriTemplate.compile("/deployables/{id}"), base, Duration.ofSeconds(1),
                List.of(enrichers));
    }

    private static EntityRequest request(Duration deadline) {
        return new EntityRequest("deployables", "42", Map.of(), Optional.empty(), Deadline.after(deadline));
    }

    private Composition compose(EntityPlan plan) {
        return composer.compose(plan, request(Duration.ofSeconds(5)));
    }

    @Test
    void mergesBaseFirstThenEnrichersInConfigOrder() {
        Composition result = compose(plan(Upstreams.answering(BASE),
                enricher("b", "/b/{id}", "/zeta", Upstreams.answering("{\"z\":1}")),
                enricher("a", "/a/{id}", "/alpha", Upstreams.answering("[1,2]"))));
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result);
        assertEquals("{\"id\":\"42\",\"name\":\"svc\",\"ownerId\":\"team-7\",\"zeta\":{\"z\":1},\"alpha\":[1,2]}",
                composed.document().toString());
        assertTrue(composed.degraded().isEmpty());
    }

    @Test
    void answersAtHandAreServedOnTheRequestThreadAndOnlyCallsThatWaitGetAThread() {
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory counting = runnable -> {
            threads.incrementAndGet();
            return Thread.ofVirtual().unstarted(runnable);
        };
        Fetch atHand = new Fetch() {
            @Override
            public FetchResult fetch(FetchRequest request) {
                throw new AssertionError("a hit at hand is not fetched");
            }

            @Override
            public Optional<FetchResult> ready(FetchRequest request) {
                return Optional.of(new FetchResult.Ok(200, "{\"hit\":true}".getBytes(StandardCharsets.UTF_8))
                        .asCached());
            }
        };
        try (ExecutorService perTask = Executors.newThreadPerTaskExecutor(counting)) {
            Composer onPerTask = new Composer(perTask, new DeadlineTimer(timer));
            Composition result = onPerTask.compose(plan(Upstreams.answering(BASE),
                    new Enricher("cached", UriTemplate.compile("/c/{id}"), JsonPointer.compile("/cached"),
                            Duration.ofSeconds(1), false, false, atHand, Transformer.IDENTITY),
                    enricher("called", "/d/{id}", "/called", Upstreams.answering("{\"call\":true}"))),
                    request(Duration.ofSeconds(5)));
            Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result);
            assertEquals("{\"hit\":true}", composed.document().get("cached").toString());
            assertEquals("{\"call\":true}", composed.document().get("called").toString());
        }
        assertEquals(1, threads.get(), "only the enricher that calls its upstream runs on a thread of its own");
    }

    @Test
    void nestedFieldCreatesIntermediateObjects() {
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(BASE), enricher("v", "/v/{id}", "/design/visual", Upstreams.answering("\"x\"")))));
        assertEquals("x", composed.document().at("/design/visual").asText());
    }

    @Test
    void failingEnricherDegradesOnlyItsField() {
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(BASE),
                enricher("ok", "/ok/{id}", "/ok", Upstreams.answering("true")),
                enricher("broken", "/broken/{id}", "/broken", Upstreams.failing(Reason.ERROR)),
                enricher("garbage", "/g/{id}", "/garbage", Upstreams.answering("{not json")),
                enricher("gone", "/gone/{id}", "/gone", request -> new FetchResult.NotFound()))));
        assertTrue(composed.document().get("ok").asBoolean());
        assertTrue(composed.document().path("broken").isMissingNode());
        assertEquals("broken;reason=error, garbage;reason=bad-response, gone;reason=not-found",
                Degradation.header(composed.degraded()));
    }

    @Test
    void enricherUsesBaseFieldsInItsTemplate() {
        List<String> paths = new CopyOnWriteArrayList<>();
        Fetch owners = request -> {
            paths.add(request.pathAndQuery());
            return new FetchResult.Ok(200, "{\"name\":\"Team 7\"}".getBytes());
        };
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(BASE), enricher("owner", "/owners/{ownerId}", "/owner", owners))));
        assertEquals(List.of("/owners/team-7"), paths);
        assertEquals("Team 7", composed.document().at("/owner/name").asText());
    }

    @Test
    void missingTemplateFieldDegradesWithoutCallingUpstream() {
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(BASE), enricher("x", "/x/{missingField}", "/x", Upstreams.exploding()))));
        assertEquals("x;reason=missing-param", Degradation.header(composed.degraded()));
    }

    @Test
    void baseNotFoundCancelsPendingEnrichers() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Fetch hanging = request -> {
            started.countDown();
            try {
                Thread.sleep(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return FetchResult.failed(Reason.ERROR, "cancelled");
        };
        Fetch base = request -> {
            try {
                started.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new FetchResult.NotFound();
        };
        Enricher idOnly = new Enricher("slow", UriTemplate.compile("/s/{id}"), JsonPointer.compile("/slow"),
                Duration.ofSeconds(60), false, false, hanging, Transformer.IDENTITY);
        assertInstanceOf(Composition.NotFound.class, composer.compose(plan(base, idOnly), request(Duration.ofSeconds(60))));
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the pending enricher must be cancelled");
    }

    @Test
    void baseFailuresAreTyped() {
        assertEquals(Reason.ERROR, assertInstanceOf(Composition.BaseFailed.class,
                compose(plan(Upstreams.failing(Reason.ERROR)))).reason());
        assertEquals(Reason.BAD_RESPONSE, assertInstanceOf(Composition.BaseFailed.class,
                compose(plan(Upstreams.answering("[1]")))).reason());
        assertEquals(Reason.BAD_RESPONSE, assertInstanceOf(Composition.BaseFailed.class,
                compose(plan(Upstreams.answering("{\"a\":1} trailing")))).reason());
    }

    @Test
    void baseFetchAsksMonolithToSkipExternalCalls() {
        List<String> paths = new ArrayList<>();
        compose(plan(request -> {
            paths.add(request.pathAndQuery());
            return new FetchResult.Ok(200, BASE.getBytes());
        }));
        assertEquals(List.of("/deployables/42?skipExternal=true"), paths);
    }

    @Test
    void fieldTheBaseAlreadyHasIsAConflictUnlessReplaced() {
        Composition.Composed kept = assertInstanceOf(Composition.Composed.class, compose(plan(Upstreams.answering(BASE),
                enricher("n", "/n/{id}", "/name", Upstreams.answering("\"other\"")))));
        assertEquals("svc", kept.document().get("name").asText());
        assertEquals("n;reason=conflict", Degradation.header(kept.degraded()));

        Enricher replacing = new Enricher("n", UriTemplate.compile("/n/{id}"), JsonPointer.compile("/name"),
                Duration.ofSeconds(1), false, true, Upstreams.answering("\"other\""), Transformer.IDENTITY);
        Composition.Composed replaced = assertInstanceOf(Composition.Composed.class,
                compose(plan(Upstreams.answering(BASE), replacing)));
        assertEquals("other", replaced.document().get("name").asText());
        assertEquals("{\"id\":\"42\",\"name\":\"other\",\"ownerId\":\"team-7\"}", replaced.document().toString());
    }

    @Test
    void nestedFieldUnderABaseValueThatIsNotAnObjectIsAConflictEvenWhenReplacing() {
        String base = "{\"id\":\"42\",\"name\":\"svc\",\"tags\":[\"a\"],\"owner\":null}";
        for (boolean replaces : List.of(false, true)) {
            Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                    Upstreams.answering(base),
                    nested("n", "/name/visual", replaces), nested("t", "/tags/visual", replaces),
                    nested("o", "/owner/team/visual", replaces))));
            assertEquals(base, composed.document().toString(), "replaces: " + replaces);
            assertEquals("n;reason=conflict, t;reason=conflict, o;reason=conflict",
                    Degradation.header(composed.degraded()), "replaces: " + replaces);
        }
    }

    @Test
    void nestedFieldUnderABaseObjectIsMerged() {
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering("{\"id\":\"42\",\"design\":{\"theme\":\"dark\"}}"),
                nested("v", "/design/visual", false))));
        assertEquals("{\"id\":\"42\",\"design\":{\"theme\":\"dark\",\"visual\":\"x\"}}",
                composed.document().toString());
        assertTrue(composed.degraded().isEmpty());
    }

    @Test
    void theBaseIsMergedAsTheMonolithWroteItUnlessAnEnricherReadsIt() {
        String base = "{\"id\":\"42\", \"ownerId\":\"team-7\", \"price\":19.90, \"e\":\"caf\\u00e9\", \"o\":{\"a\": [1, 2]}}";
        Composition.Composed spliced = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(base), nested("v", "/v", false))));
        assertEquals("{\"id\":\"42\",\"ownerId\":\"team-7\",\"price\":19.90,\"e\":\"caf\\u00e9\",\"o\":{\"a\": [1, 2]},"
                + "\"v\":\"x\"}", new String(Json.write(spliced.body()), StandardCharsets.UTF_8));

        Fetch owners = request -> new FetchResult.Ok(200, "\"Team 7\"".getBytes(StandardCharsets.UTF_8));
        Composition.Composed read = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(base), enricher("owner", "/owners/{ownerId}", "/owner", owners))));
        assertEquals("{\"id\":\"42\",\"ownerId\":\"team-7\",\"price\":19.90,\"e\":\"caf\u00e9\",\"o\":{\"a\":[1,2]},"
                + "\"owner\":\"Team 7\"}", new String(Json.write(read.body()), StandardCharsets.UTF_8));
        assertEquals(((ObjectNode) spliced.document()).without("v"), ((ObjectNode) read.document()).without("owner"));
    }

    @Test
    void aFieldBelowAnotherEnrichersFieldIsMergedIntoIt() {
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan(
                Upstreams.answering(BASE),
                enricher("design", "/d/{id}", "/design", Upstreams.answering("{\"theme\": \"dark\"}")),
                nested("v", "/design/visual", false), nested("w", "/design/theme/visual", false))));
        assertEquals("{\"theme\":\"dark\",\"visual\":\"x\"}", composed.document().get("design").toString());
        assertEquals("w;reason=conflict", Degradation.header(composed.degraded()));
    }

    private Enricher nested(String name, String field, boolean replaces) {
        return new Enricher(name, UriTemplate.compile("/" + name + "/{id}"), JsonPointer.compile(field),
                Duration.ofSeconds(1), false, replaces, Upstreams.answering("\"x\""), Transformer.IDENTITY);
    }

    @Test
    void requiredEnricherFailureFailsTheRequest() {
        Enricher required = new Enricher("must", UriTemplate.compile("/m/{id}"), JsonPointer.compile("/must"),
                Duration.ofSeconds(1), true, false, Upstreams.failing(Reason.TIMEOUT), Transformer.IDENTITY);
        Composition.RequiredFailed failed = assertInstanceOf(Composition.RequiredFailed.class,
                compose(plan(Upstreams.answering(BASE), required)));
        assertEquals("must", failed.degradation().enricher());
        assertEquals(Reason.TIMEOUT, failed.degradation().reason());
    }

    @Test
    void enricherPastItsTimeoutIsDegradedAsTimeout() {
        Enricher slow = new Enricher("slow", UriTemplate.compile("/s/{id}"), JsonPointer.compile("/slow"),
                Duration.ofMillis(100), false, false,
                new DeadlineStage(new DeadlineTimer(timer)).apply(Upstreams.delayed(Duration.ofSeconds(10), "1")), Transformer.IDENTITY);
        long start = System.nanoTime();
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class,
                compose(plan(Upstreams.answering(BASE), slow)));
        assertEquals("slow;reason=timeout", Degradation.header(composed.degraded()));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0);
    }

    @Test
    void anEnrichmentThatOutlivesItsDeadlineIsAbandonedAfterTheGracePeriod() throws Exception {
        // A transformer that ignores interrupts: only the wait's own alarm can end the request's wait.
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch cancelled = new CountDownLatch(1);
        Transformer stuck = (answer, request) -> {
            while (!release.get()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                if (Thread.currentThread().isInterrupted()) {
                    cancelled.countDown();
                }
            }
            return answer;
        };
        Enricher slow = new Enricher("stuck", UriTemplate.compile("/s/{id}"), JsonPointer.compile("/stuck"),
                Duration.ofMillis(100), false, false, Upstreams.answering("1"), stuck);
        long start = System.nanoTime();
        try {
            Composition.Composed composed = assertInstanceOf(Composition.Composed.class,
                    compose(plan(Upstreams.answering(BASE), slow)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("stuck;reason=timeout", Degradation.header(composed.degraded()));
            assertNull(composed.document().get("stuck"), composed.document().toString());
            assertTrue(millis >= 250, "abandoned after " + millis + " ms, before the deadline and the grace period");
            assertTrue(millis < 5000, "abandoned after " + millis + " ms");
            assertTrue(cancelled.await(5, TimeUnit.SECONDS), "the abandoned enrichment's thread is interrupted");
            assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt does not leak to the caller");
        } finally {
            release.set(true);
        }
    }

    @Test
    void anInterruptedRequestEndsAsCancelledNotAsATimeout() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        EntityPlan plan = plan(Upstreams.answering(BASE), enricher("a", "/a/{id}", "/a", request -> {
            started.countDown();
            return Upstreams.delayed(Duration.ofSeconds(10), "1").fetch(request);
        }));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                compose(plan);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        caller.interrupt();
        assertTrue(caller.join(Duration.ofSeconds(5)), "the request ends when its thread is interrupted");
        assertInstanceOf(CancellationException.class, thrown.get());
    }

    @Test
    void threeEnrichersRunInParallel() {
        CountDownLatch allThree = new CountDownLatch(3);
        EntityPlan plan = plan(Upstreams.answering(BASE),
                enricher("a", "/a/{id}", "/a", Upstreams.meeting(allThree, "1")),
                enricher("b", "/b/{id}", "/b", Upstreams.meeting(allThree, "2")),
                enricher("c", "/c/{id}", "/c", Upstreams.meeting(allThree, "3")));
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan));
        assertTrue(composed.degraded().isEmpty(),
                "each enricher answers only when all three are in flight: " + composed.degraded());
        assertEquals(List.of(1, 2, 3), List.of(composed.document().get("a").asInt(), composed.document().get("b").asInt(),
                composed.document().get("c").asInt()));
    }

    @Test
    void idOnlyEnricherStartsTogetherWithTheBase() {
        CountDownLatch both = new CountDownLatch(2);
        EntityPlan plan = plan(Upstreams.meeting(both, BASE),
                enricher("a", "/a/{id}", "/a", Upstreams.meeting(both, "1")));
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(plan));
        assertTrue(composed.degraded().isEmpty(),
                "the base and the id-only enricher answer only when both are in flight: " + composed.degraded());
        assertEquals(1, composed.document().get("a").asInt());
    }

    @Test
    void withTheMonolithFullNoEnricherIsCalledForARequestTheMonolithRefuses() {
        AtomicInteger calls = new AtomicInteger();
        Fetch counted = request -> {
            calls.incrementAndGet();
            return new FetchResult.Ok(200, "1".getBytes(StandardCharsets.UTF_8));
        };
        EntityPlan full = new EntityPlan("deployables", UriTemplate.compile("/deployables/{id}"),
                Upstreams.failing(Reason.BULKHEAD_FULL), Duration.ofSeconds(1),
                List.of(enricher("a", "/a/{id}", "/a", counted)), () -> false);
        Composition.BaseFailed failed = assertInstanceOf(Composition.BaseFailed.class, compose(full));
        assertEquals(Reason.BULKHEAD_FULL, failed.reason());
        assertEquals(0, calls.get(), "an id-only enricher waits for a base that has no room instead of starting");
    }

    @Test
    void anIdOnlyEnricherThatWaitedForTheBaseStillRunsWhenTheBaseArrives() {
        EntityPlan full = new EntityPlan("deployables", UriTemplate.compile("/deployables/{id}"),
                Upstreams.answering(BASE), Duration.ofSeconds(1),
                List.of(enricher("a", "/a/{id}", "/a", Upstreams.answering("1"))), () -> false);
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, compose(full));
        assertTrue(composed.degraded().isEmpty(), composed.degraded().toString());
        assertEquals(1, composed.document().get("a").asInt());
    }
}
