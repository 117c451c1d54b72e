package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.config.ConfigProblems;
import io.mosaic.config.EnricherFolders;
import io.mosaic.config.EnricherSettings;
import io.mosaic.core.Composer;
import io.mosaic.core.Composition;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Degradation;
import io.mosaic.core.Enricher;
import io.mosaic.core.EnrichmentOutcome;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Json;
import io.mosaic.core.UriTemplate;
import io.mosaic.enricher.Transformer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.opentest4j.AssertionFailedError;

/**
 * Checks one contract fixture against its enricher: the enricher is built from its own {@code enricher.yaml}
 * through {@link EnricherRegistry}, fed the example upstream answer, and the merged fragment must equal the expected
 * one. Every failure names the fixture or the enricher's file, and says why: the degradation's detail, or what the
 * transformer threw, with its stack trace.
 */
final class ContractCheck {

    private final EnricherRegistry registry;
    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;

    ContractCheck(EnricherRegistry registry, ExecutorService executor, ScheduledThreadPoolExecutor timer) {
        this.registry = registry;
        this.executor = executor;
        this.timer = timer;
    }

    /**
     * @throws AssertionError or {@link IllegalArgumentException}, either naming the fixture or the enricher's file
     */
    void check(Path folder, Path file) {
        ConfigProblems problems = new ConfigProblems();
        Optional<EnricherSettings> settings = EnricherFolders.read(folder, problems);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems.all()));
        ContractFixture fixture = ContractFixture.read(file);
        byte[] upstream = Json.write(fixture.upstream());
        AtomicReference<String> calledPath = new AtomicReference<>();
        Enricher built = registry.create(settings.orElseThrow(), call -> {
            calledPath.set(call.pathAndQuery());
            return new FetchResult.Ok(200, upstream);
        });
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Enricher enricher = new Enricher(built.name(), built.path(), built.field(), built.timeout(), built.required(),
                built.replaces(), built.fetch(), recording(built.transformer(), thrown), built.fallback());
        String type = settings.get().entityTypes().getFirst();
        byte[] baseBytes = Json.write(fixture.base());
        EntityPlan plan = new EntityPlan(type, UriTemplate.compile("/" + type + "/{id}"),
                call -> new FetchResult.Ok(200, baseBytes), Duration.ofSeconds(1), List.of(enricher));
        EntityRequest request = new EntityRequest(type, fixture.request().id(), fixture.request().headers(),
                Optional.empty(), Deadline.after(Duration.ofSeconds(5)));
        Composition result = new Composer(executor, new DeadlineTimer(timer)).compose(plan, request);

        if (thrown.get() != null) {
            throw new AssertionFailedError(file + ": the transformer threw on this fixture's upstream answer: "
                    + thrown.get(), thrown.get());
        }
        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result,
                () -> file + ": " + result);
        assertTrue(composed.degraded().isEmpty(), () -> file + ": degraded, " + Degradation.header(composed.degraded())
                + why(enricher, request, fixture));
        if (fixture.upstreamPath() != null) {
            assertEquals(fixture.upstreamPath(), calledPath.get(), file + ": upstreamPath");
        }
        ObjectNode fragment = (ObjectNode) composed.document();
        fixture.base().fieldNames().forEachRemaining(fragment::remove);
        assertEquals(fixture.expected(), fragment, () -> file + ": expected"
                + (fixture.description() == null ? "" : " (" + fixture.description() + ")"));
    }

    /** The transformer, noting what it throws, so that a failure shows its stack trace and not only a reason. */
    private static Transformer recording(Transformer transformer, AtomicReference<Throwable> thrown) {
        return (answer, request) -> {
            try {
                return transformer.transform(answer, request);
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                thrown.set(e);
                throw e;
            }
        };
    }

    /** Why the enrichment was degraded, from the enricher itself: a missing base field, a wrong shape, a conflict. */
    private static String why(Enricher enricher, EntityRequest request, ContractFixture fixture) {
        JsonNode base = enricher.needsBase() ? fixture.base().deepCopy() : NullNode.getInstance();
        if (enricher.run(request, base) instanceof EnrichmentOutcome.Missing missing) {
            return ": " + missing.detail();
        }
        return ": the fixture's base already has " + enricher.field()
                + " (a field of the base may be owned only with 'replaces: true')";
    }
}
