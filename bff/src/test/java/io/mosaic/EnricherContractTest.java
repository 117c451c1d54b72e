package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.config.ConfigProblems;
import io.mosaic.config.EnricherFolders;
import io.mosaic.config.EnricherSettings;
import io.mosaic.core.Composer;
import io.mosaic.core.Composition;
import io.mosaic.core.Deadline;
import io.mosaic.core.DeadlineTimer;
import io.mosaic.core.Enricher;
import io.mosaic.core.EntityPlan;
import io.mosaic.core.EntityRequest;
import io.mosaic.core.FetchResult;
import io.mosaic.core.Json;
import io.mosaic.core.UriTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every enricher folder's contract fixtures ({@code enrichers/<folder>/contract/*.json}): the enricher is
 * built from its own {@code enricher.yaml} through {@link EnricherRegistry}, fed the example upstream answer,
 * and the merged fragment must equal the expected one. Adding a folder adds its checks.
 */
class EnricherContractTest {

    private static final Path ENRICHERS = Path.of("..", "enrichers");
    private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1);
    private static final EnricherRegistry REGISTRY = EnricherRegistry.load();

    @AfterAll
    static void shutdown() {
        EXECUTOR.shutdownNow();
        TIMER.shutdownNow();
    }

    @TestFactory
    Stream<DynamicNode> everyEnricherFolderMeetsItsContract() throws IOException {
        List<DynamicNode> folders = new ArrayList<>();
        try (Stream<Path> children = Files.list(ENRICHERS)) {
            for (Path folder : children.filter(p -> Files.isRegularFile(p.resolve(EnricherFolders.FILE_NAME)))
                    .sorted().toList()) {
                folders.add(DynamicContainer.dynamicContainer(folder.getFileName().toString(), cases(folder)));
            }
        }
        assertFalse(folders.isEmpty(), "no enricher folders found under " + ENRICHERS.toAbsolutePath());
        return folders.stream();
    }

    private static Stream<DynamicNode> cases(Path folder) throws IOException {
        Path contract = folder.resolve("contract");
        List<DynamicNode> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("has contract fixtures", () -> assertTrue(Files.isDirectory(contract)
                && hasJson(contract), folder + " must hold contract/*.json fixtures")));
        if (Files.isDirectory(contract)) {
            try (Stream<Path> files = Files.list(contract)) {
                files.filter(p -> p.toString().endsWith(".json")).sorted().forEach(file -> tests.add(
                        DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(folder, file))));
            }
        }
        return tests.stream();
    }

    private static boolean hasJson(Path contract) throws IOException {
        try (Stream<Path> files = Files.list(contract)) {
            return files.anyMatch(p -> p.toString().endsWith(".json"));
        }
    }

    private static void check(Path folder, Path file) throws IOException {
        ConfigProblems problems = new ConfigProblems();
        Optional<EnricherSettings> settings = EnricherFolders.read(folder, problems);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems.all()));
        JsonNode fixture = Json.parse(Files.readAllBytes(file));
        JsonNode request = fixture.path("request");
        String id = request.path("id").asText("1");
        Map<String, String> headers = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = request.path("headers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().asText());
        }
        ObjectNode base = fixture.has("base") ? (ObjectNode) fixture.get("base")
                : Json.mapper().createObjectNode().put("id", id);
        byte[] upstream = Json.write(fixture.get("upstream"));
        AtomicReference<String> calledPath = new AtomicReference<>();
        Enricher enricher = REGISTRY.create(settings.orElseThrow(), call -> {
            calledPath.set(call.pathAndQuery());
            return new FetchResult.Ok(200, upstream);
        });
        String type = settings.get().entityTypes().getFirst();
        byte[] baseBytes = Json.write(base);
        EntityPlan plan = new EntityPlan(type, UriTemplate.compile("/" + type + "/{id}"),
                call -> new FetchResult.Ok(200, baseBytes), Duration.ofSeconds(1), List.of(enricher));
        Composition result = new Composer(EXECUTOR, new DeadlineTimer(TIMER)).compose(plan,
                new EntityRequest(type, id, headers, Optional.empty(), Deadline.after(Duration.ofSeconds(5))));

        Composition.Composed composed = assertInstanceOf(Composition.Composed.class, result, result::toString);
        assertTrue(composed.degraded().isEmpty(), () -> "degraded: " + composed.degraded());
        if (fixture.has("upstreamPath")) {
            assertEquals(fixture.get("upstreamPath").asText(), calledPath.get(), "upstream path");
        }
        ObjectNode fragment = composed.body().deepCopy();
        base.fieldNames().forEachRemaining(fragment::remove);
        assertEquals(fixture.get("expected"), fragment, fixture.path("description").asText());
    }
}
