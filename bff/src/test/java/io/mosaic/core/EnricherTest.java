package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import io.mosaic.LogRecords;
import io.mosaic.enricher.Transformer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A transformer's failures and delays stay its enricher's, on a cache hit as on a call. */
class EnricherTest {

    private static final String BASE = "{\"id\":\"42\",\"name\":\"svc\"}";

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final Composer composer = new Composer(executor, new DeadlineTimer(timer));

    private final LogRecords log = LogRecords.of(Enricher.class.getName());

    @AfterEach
    void shutdown() {
        log.close();
        executor.shutdownNow();
        timer.shutdownNow();
    }

    /** Answers only from the cache, at once; fails the test if a call is made. */
    private static final Fetch HIT = new Fetch() {
        @Override
        public FetchResult fetch(FetchRequest request) {
            throw new AssertionError("a hit at hand is not fetched");
        }

        @Override
        public Optional<FetchResult> ready(FetchRequest request) {
            return Optional.of(new FetchResult.Ok(200, "{\"hit\":true}".getBytes(StandardCharsets.UTF_8)).asCached());
        }
    };

    private static Enricher enricher(String name, Duration timeout, Fetch fetch, Transformer transformer) {
        return new Enricher(name, UriTemplate.compile("/" + name + "/{id}"), JsonPointer.compile("/" + name), timeout,
                false, false, fetch, transformer);
    }

    private static EntityPlan plan(Enricher... enrichers) {
        return new EntityPlan("deployables", UriTemplate.compile("/deployables/{id}"), Upstreams.answering(BASE),
                Duration.ofSeconds(5), List.of(enrichers));
    }

    private static EntityRequest request(Deadline deadline) {
        return new EntityRequest("deployables", "42", Map.of(), Optional.empty(), deadline);
    }

    static Stream<Arguments> thrownByTransformers() {
        List<Throwable> thrown = List.of(new IllegalStateException("bug"), new StackOverflowError(),
                new NoClassDefFoundError("io/mosaic/Missing"), new ExceptionInInitializerError("static init"),
                new AssertionError("assert"));
        return thrown.stream().flatMap(t -> Stream.of(Arguments.of(t, "hit"), Arguments.of(t, "call")));
    }

    @ParameterizedTest(name = "{0} on a {1}")
    @MethodSource("thrownByTransformers")
    void aTransformerThatThrowsDegradesOnlyItsEnricher(Throwable thrown, String path) {
        Fetch fetch = path.equals("hit") ? HIT : Upstreams.answering("{\"hit\":false}");
        Transformer throwing = (answer, request) -> {
            throw sneaky(thrown);
        };
        // a name per case: failures are warned about at most once a minute per enricher
        String broken = "broken-" + thrown.getClass().getSimpleName().toLowerCase() + "-" + path;
        Composition result = composer.compose(plan(
                        enricher(broken, Duration.ofSeconds(1), fetch, throwing),
                        enricher("fine", Duration.ofSeconds(1), HIT, Transformer.IDENTITY)),
                request(Deadline.after(Duration.ofSeconds(5))));

        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result);
        assertEquals(broken + ";reason=error", Degradation.header(composed.degraded()));
        assertNull(composed.document().get(broken));
        assertEquals("{\"hit\":true}", composed.document().get("fine").toString());
        List<LogRecord> logged = log.all();
        assertEquals(1, logged.size(), "logged once: " + logged);
        assertTrue(logged.getFirst().getMessage().contains("'" + broken + "'"), logged.getFirst().getMessage());
        assertSame(thrown, logged.getFirst().getThrown());
    }

    @Test
    void aWrongShapeIsABadResponseAndNotLogged() {
        Transformer rejecting = (answer, request) -> {
            throw new IllegalArgumentException("not a design");
        };
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, composer.compose(
                plan(enricher("design", Duration.ofSeconds(1), HIT, rejecting)),
                request(Deadline.after(Duration.ofSeconds(5)))));
        assertEquals("design;reason=bad-response", Degradation.header(composed.degraded()));
        assertTrue(log.all().isEmpty(), "logged: " + log.all());
    }

    @Test
    void aVirtualMachineErrorOtherThanAStackOverflowIsNotTheEnrichersToHide() {
        OutOfMemoryError outOfMemory = new OutOfMemoryError("test");
        Transformer exhausting = (answer, request) -> {
            throw outOfMemory;
        };
        Enricher enricher = enricher("heavy", Duration.ofSeconds(1), HIT, exhausting);
        assertSame(outOfMemory, assertThrows(OutOfMemoryError.class,
                () -> enricher.ready(request(Deadline.after(Duration.ofSeconds(5))))));
    }

    @Test
    void aCacheHitTransformedPastTheDeadlineIsDroppedAsATimeout() {
        Deadline deadline = Deadline.after(Duration.ofMillis(300));
        // Outlasts the request's deadline, as a slow CPU-bound transform would; nothing interrupts it.
        Transformer slow = (answer, request) -> {
            while (!deadline.passed()) {
                LockSupport.parkNanos(Math.max(1, deadline.remainingNanos()));
            }
            return answer;
        };
        long start = System.nanoTime();
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, composer.compose(plan(
                enricher("slow", Duration.ofSeconds(10), HIT, slow)), request(deadline)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("slow;reason=timeout", Degradation.header(composed.degraded()));
        assertNull(composed.document().get("slow"), composed.document().toString());
        assertTrue(millis < 5000, "took " + millis + " ms");
    }

    @Test
    void aCacheHitIsTransformedOnTheRequestThread() {
        Thread caller = Thread.currentThread();
        Transformer sameThread = (answer, request) -> {
            assertSame(caller, Thread.currentThread());
            return answer;
        };
        Optional<EnrichmentOutcome> ready = enricher("fast", Duration.ofSeconds(1), HIT, sameThread)
                .ready(request(Deadline.after(Duration.ofSeconds(5))));
        assertEquals("{\"hit\":true}",
                assertInstanceOf(EnrichmentOutcome.Value.class, ready.orElseThrow()).value().toString());
    }

    @Test
    void aTransformerThatChangesTheBaseChangesOnlyItsOwnCopy() {
        Transformer meddling = (answer, request) -> {
            ObjectNode base = (ObjectNode) request.base();
            base.remove("name");
            base.put("other", "taken");
            return base;
        };
        Enricher meddler = new Enricher("meddler", UriTemplate.compile("/meddler/{name}"),
                JsonPointer.compile("/meddler"), Duration.ofSeconds(1), false, false,
                Upstreams.answering("{\"ok\":true}"), meddling);
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, composer.compose(
                plan(meddler, enricher("other", Duration.ofSeconds(1), HIT, Transformer.IDENTITY)),
                request(Deadline.after(Duration.ofSeconds(5)))));

        assertEquals("", Degradation.header(composed.degraded()));
        assertEquals("{\"id\":\"42\",\"name\":\"svc\",\"meddler\":{\"id\":\"42\",\"other\":\"taken\"},"
                + "\"other\":{\"hit\":true}}", composed.document().toString());
    }

    @Test
    void aTransformerSeesTheBaseAsTheMonolithAnsweredNotAsTheMergeFillsIt() {
        // The call answers after the merge has taken "other" (a cache hit, at hand at once) into the answer.
        Fetch late = request -> {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            return new FetchResult.Ok(200, "{}".getBytes(StandardCharsets.UTF_8));
        };
        Enricher seeing = new Enricher("seen", UriTemplate.compile("/seen/{name}"), JsonPointer.compile("/seen"),
                Duration.ofSeconds(2), false, false, late, (answer, request) -> request.base());
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, composer.compose(
                plan(enricher("other", Duration.ofSeconds(1), HIT, Transformer.IDENTITY), seeing),
                request(Deadline.after(Duration.ofSeconds(5)))));

        assertEquals(BASE, composed.document().get("seen").toString());
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable thrown) throws T {
        throw (T) thrown;
    }

    @Test
    void anAnswerUsedAsItIsIsSplicedAsTheUpstreamWroteItAndATransformedOneIsATree() {
        String design = "{\"theme\": \"dark\", \"ratio\": 1.50, \"name\": \"caf\\u00e9\"}";
        Composition result = composer.compose(plan(
                        enricher("design", Duration.ofSeconds(1), Upstreams.answering(design), Transformer.IDENTITY),
                        enricher("copied", Duration.ofSeconds(1), Upstreams.answering(design),
                                (answer, request) -> answer)),
                request(Deadline.after(Duration.ofSeconds(5))));

        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result);
        assertTrue(composed.degraded().isEmpty(), composed.degraded().toString());
        assertInstanceOf(POJONode.class, composed.body().get("design"));
        assertInstanceOf(ObjectNode.class, composed.body().get("copied"));
        assertEquals("{\"id\":\"42\",\"name\":\"svc\",\"design\":" + design
                        + ",\"copied\":{\"theme\":\"dark\",\"ratio\":1.50,\"name\":\"caf\u00e9\"}}",
                new String(Json.write(composed.body()), StandardCharsets.UTF_8));
        assertEquals(composed.document().get("copied"), composed.document().get("design"));
    }

    @Test
    void anAnswerUsedAsItIsThatIsNotJsonIsABadResponse() {
        Composition result = composer.compose(plan(
                        enricher("design", Duration.ofSeconds(1), Upstreams.answering("{\"a\":1,\"a\":2}"),
                                Transformer.IDENTITY),
                        enricher("empty", Duration.ofSeconds(1), Upstreams.answering("{\"a\":"), Transformer.IDENTITY),
                        enricher("nothing", Duration.ofSeconds(1), Upstreams.answering("null"), Transformer.IDENTITY)),
                request(Deadline.after(Duration.ofSeconds(5))));

        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result);
        assertEquals("design;reason=bad-response, empty;reason=bad-response", Degradation.header(composed.degraded()));
        assertEquals(BASE, composed.document().toString());
    }
}
