package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A team's mistake in an enricher folder fails its contract check with the file, the key and the reason. */
class ContractCheckTest {

    private static final String ENRICHER = """
            entity-types: [deployables]
            upstream: people
            path: /teams/{ownerId}
            field: owner
            """;

    private static final String FIXTURE = """
            {
              "base": { "id": "42", "ownerId": "team-3" },
              "upstream": { "id": "team-3", "name": "Team Three" },
              "expected": { "owner": { "id": "team-3", "name": "Team Three" } }
            }
            """;

    private static final NullPointerException BUG = new NullPointerException("bug in the transformer");

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final ContractCheck check = new ContractCheck(EnricherRegistry.of(List.of(
            provider("throws", (answer, request) -> {
                throw BUG;
            }))), executor, timer);

    @TempDir
    Path dir;

    @AfterEach
    void shutdown() {
        executor.shutdownNow();
        timer.shutdownNow();
    }

    private static TransformerProvider provider(String name, Transformer transformer) {
        return new TransformerProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Transformer create(com.fasterxml.jackson.databind.JsonNode config) {
                return transformer;
            }
        };
    }

    private Path fixture(String enricherYaml, String fixture) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("owner").resolve("contract")).getParent();
        Files.writeString(folder.resolve("enricher.yaml"), enricherYaml);
        return Files.writeString(folder.resolve("contract").resolve("fixture.json"), fixture);
    }

    private Throwable failure(Path file) {
        return assertThrows(Throwable.class, () -> check.check(file.getParent().getParent(), file));
    }

    @Test
    void aFixtureThatHoldsPasses() throws IOException {
        Path file = fixture(ENRICHER, FIXTURE);
        check.check(file.getParent().getParent(), file);
    }

    @Test
    void aMisspeltKeyIsNamedNotRunAsAnotherCheck() throws IOException {
        Path file = fixture(ENRICHER, FIXTURE.replace("\"upstream\"", "\"upstrem\""));
        assertEquals(file + ": upstrem: unknown key; known keys: [base, description, expected, request, upstream,"
                + " upstreamPath]", failure(file).getMessage());
    }

    @Test
    void aMisspeltRequestKeyIsNamedWithItsPath() throws IOException {
        Path file = fixture(ENRICHER, FIXTURE.replace("{\n", "{ \"request\": { \"header\": {} },\n"));
        assertEquals(file + ": request.header: unknown key; known keys: [headers, id]", failure(file).getMessage());
    }

    @Test
    void aMissingUpstreamOrExpectedIsNamed() throws IOException {
        Path file = fixture(ENRICHER, """
                { "upstream": { "id": "team-3" } }
                """);
        assertEquals(file + ": expected: is required: the fragment expected in the merged entity",
                failure(file).getMessage());
    }

    @Test
    void aFixtureThatIsNotJsonIsNamed() throws IOException {
        Path file = fixture(ENRICHER, "{ \"upstream\": {");
        String message = failure(file).getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertTrue(message.contains("Unexpected end-of-input"), message);
    }

    @Test
    void aDegradedEnrichmentSaysWhy() throws IOException {
        Path file = fixture(ENRICHER, FIXTURE.replace("\"ownerId\": \"team-3\"", "\"owner_id\": \"team-3\""));
        assertEquals(file + ": degraded, owner;reason=missing-param: no usable value for {ownerId} ==> expected:"
                + " <true> but was: <false>", failure(file).getMessage());
    }

    @Test
    void aFieldTheFixturesBaseHasIsAConflictThatSaysWhy() throws IOException {
        Path file = fixture(ENRICHER, FIXTURE.replace("\"ownerId\": \"team-3\"",
                "\"ownerId\": \"team-3\", \"owner\": \"old\""));
        String message = failure(file).getMessage();
        assertTrue(message.startsWith(file + ": degraded, owner;reason=conflict: the fixture's base already has"
                + " /owner"), message);
    }

    @Test
    void whatATransformerThrowsIsShownWithItsStackTrace() throws IOException {
        Path file = fixture(ENRICHER + "transformer:\n  name: throws\n", FIXTURE);
        Throwable failure = failure(file);
        assertTrue(failure.getMessage().startsWith(file + ": the transformer threw on this fixture's upstream answer"),
                failure.getMessage());
        assertSame(BUG, failure.getCause());
    }

    @Test
    void aTransformerNotOnTheClassPathNamesTheFileAndWhereItsProviderBelongs() throws IOException {
        Path file = fixture(ENRICHER + "transformer:\n  name: team\n", FIXTURE);
        String message = failure(file).getMessage();
        assertTrue(message.startsWith(file.getParent().getParent().resolve("enricher.yaml")
                + ": transformer.name: no transformer named 'team' on the class path"), message);
        assertTrue(message.contains("META-INF/services/io.mosaic.enricher.TransformerProvider"), message);
    }
}
