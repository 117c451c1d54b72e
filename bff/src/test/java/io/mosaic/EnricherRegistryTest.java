package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.config.ConfigProblems;
import io.mosaic.config.EnricherFolders;
import io.mosaic.config.EnricherSettings;
import io.mosaic.config.InvalidConfigException;
import io.mosaic.core.FetchResult;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A provider that cannot build its transformer is refused with the enricher's file and key, whatever it throws. */
class EnricherRegistryTest {

    @TempDir
    Path dir;

    private static TransformerProvider provider(Function<JsonNode, Transformer> create) {
        return new TransformerProvider() {
            @Override
            public String name() {
                return "team";
            }

            @Override
            public Transformer create(JsonNode config) {
                return create.apply(config);
            }
        };
    }

    private IllegalArgumentException refused(Function<JsonNode, Transformer> create) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("owner"));
        Files.writeString(folder.resolve(EnricherFolders.FILE_NAME), """
                entity-types: [deployables]
                upstream: people
                path: /teams/{id}
                field: owner
                transformer:
                  name: team
                """);
        ConfigProblems problems = new ConfigProblems();
        EnricherSettings settings = EnricherFolders.read(folder, problems).orElseThrow();
        assertTrue(problems.isEmpty(), problems.all()::toString);
        EnricherRegistry registry = EnricherRegistry.of(List.of(provider(create)));
        return assertThrows(IllegalArgumentException.class,
                () -> registry.create(settings, call -> new FetchResult.Ok(200, new byte[0])));
    }

    private String file() {
        return dir.resolve("owner").resolve(EnricherFolders.FILE_NAME).toString();
    }

    /**
     * A team's misspelt class in its {@code META-INF/services} file stopped the start with the JDK's error, which names
     * the class but not the file, and escaped as an {@code Error} rather than a config problem.
     */
    @Test
    void aServicesFileNamingAClassThatCannotBeLoadedIsAConfigProblemThatNamesTheFile() throws IOException {
        Path services = Files.createDirectories(dir.resolve("team/META-INF/services"));
        Path file = Files.writeString(services.resolve(TransformerProvider.class.getName()),
                "# the team's provider\nio.mosaic.enricher.team.TeamProvidr\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.resolve("team").toUri().toURL()},
                EnricherRegistry.class.getClassLoader())) {
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> EnricherRegistry.load(loader));
            assertEquals(1, e.problems().size(), e.getMessage());
            String problem = e.problems().getFirst();
            assertTrue(problem.startsWith("file:" + file), problem);
            assertTrue(problem.contains("io.mosaic.enricher.team.TeamProvidr not found"), problem);
            assertFalse(problem.contains(","), "only the file that names the class: " + problem);
        }
        assertTrue(EnricherRegistry.load().has("accept-language"), "the shipped module's provider still loads");
    }

    @Test
    void aRejectedConfigIsNamedWithTheFileAndKey() throws IOException {
        IllegalArgumentException e = refused(config -> {
            throw new IllegalArgumentException("unknown key 'transformer.config.x'");
        });
        assertEquals(file() + ": transformer.config: unknown key 'transformer.config.x'", e.getMessage());
    }

    @Test
    void aProviderThatThrowsSomethingElseIsNamedWithTheFileAndItsFailure() throws IOException {
        NullPointerException bug = new NullPointerException("config.get(\"source\") is null");
        IllegalArgumentException e = refused(config -> {
            throw bug;
        });
        assertEquals(file() + ": transformer.config: transformer 'team' could not be created from it: " + bug,
                e.getMessage());
        assertSame(bug, e.getCause());
    }

    @Test
    void aProviderWhoseClassesCannotLoadIsNamedWithTheFile() throws IOException {
        NoClassDefFoundError missing = new NoClassDefFoundError("com/example/Missing");
        IllegalArgumentException e = refused(config -> {
            throw missing;
        });
        assertTrue(e.getMessage().startsWith(file() + ": transformer.config: transformer 'team' could not be created"),
                e.getMessage());
        assertSame(missing, e.getCause());
    }

    @Test
    void aProviderThatReturnsNoTransformerIsRefusedAtOnceNotOnEveryRequest() throws IOException {
        IllegalArgumentException e = refused(config -> null);
        assertTrue(e.getMessage().startsWith(file() + ": transformer.name: the provider of 'team' ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(") returned no transformer"), e.getMessage());
    }
}
