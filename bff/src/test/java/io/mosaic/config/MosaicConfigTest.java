package io.mosaic.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import io.mosaic.EnricherRegistry;
import io.mosaic.LogRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosaicConfigTest {

    @TempDir
    Path dir;

    private static final String APP = """
            mosaic:
              enrichers-directory: %s
              upstreams:
                monolith: { uri: "http://127.0.0.1:1" }
                svc: { uri: "http://127.0.0.1:2" }
              entities:
                deployables:
                  base-fields: [id, name]
            """;

    private MosaicConfig load(String app) {
        return MosaicConfig.load(Config.just(ConfigSources.create(app, MediaTypes.APPLICATION_X_YAML)),
                Set.of("accept-language")::contains);
    }

    private void enricher(String folder, String yaml) throws IOException {
        Files.createDirectories(dir.resolve(folder));
        Files.writeString(dir.resolve(folder).resolve("enricher.yaml"), yaml);
    }

    /**
     * The checkout's config and enricher folders load with the transformers on the class path, whichever enrichers
     * the checkout holds: adding one by the steps of enrichers/README.md needs no change here.
     */
    @Test
    void theShippedConfigIsValid() {
        Path file = Path.of("..", "config", "application.yaml");
        Config root = withEnrichersFromCheckout();
        MosaicConfig config = MosaicConfig.load(root, file, EnricherRegistry.load()::has);
        assertEquals(root.get("mosaic.entities.deployables.enrichers").asList(String.class).get(),
                config.enrichers().get("deployables").stream().map(EnricherSettings::name).toList());
    }

    private static Config withEnrichersFromCheckout() {
        return withEnrichersFromCheckout(Map.of());
    }

    /** The shipped file under the given environment variables, with sources in the order {@code Main.load} uses. */
    private static Config withEnrichersFromCheckout(Map<String, String> environment) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(ConfigSources.create(EnvironmentVariables.expand(environment)))
                .addSource(ConfigSources.create(Map.of("mosaic.enrichers-directory", "../enrichers")))
                .addSource(ConfigSources.file(Path.of("..", "config", "application.yaml")))
                .build();
    }

    @Test
    void environmentVariablesReplaceListsFromTheFile() {
        MosaicConfig config = MosaicConfig.load(withEnrichersFromCheckout(Map.of(
                "MOSAIC_ENTITIES_DEPLOYABLES_ENRICHERS", "visual-design",
                "MOSAIC_FORWARD_dash_HEADERS", "X-Request-Id, Accept-Language")), EnricherRegistry.load()::has);
        assertEquals(List.of("visual-design"),
                config.enrichers().get("deployables").stream().map(EnricherSettings::name).toList());
        assertEquals(Set.of("x-request-id", "accept-language", "x-user-id"),
                config.settings().headers().select(name -> "value").keySet());
    }

    @Test
    void loadsAConfigOnlyEnricher() throws IOException {
        enricher("design", """
                entity-types: [deployables]
                upstream: svc
                path: /designs/{id}
                field: visualDesign
                timeout: PT0.3S
                """);
        MosaicConfig config = load(APP.formatted(dir));
        EnricherSettings design = config.enrichers().get("deployables").getFirst();
        assertEquals("design", design.name());
        assertEquals("/visualDesign", design.field().toString());
        assertEquals(java.time.Duration.ofMillis(300), design.timeout());
    }

    @Test
    void cacheMemoryTakesSizesWithOrWithoutASpace() throws IOException {
        String yaml = """
                entity-types: [deployables]
                upstream: svc
                path: /%s/{id}
                field: %s
                cache:
                  max-memory: %s
                """;
        enricher("a", yaml.formatted("a", "a", "8MB"));
        enricher("b", yaml.formatted("b", "b", "512 KB"));
        enricher("c", yaml.formatted("c", "c", "4096"));
        enricher("c2", yaml.formatted("c2", "c2", "2 mb"));
        // d: a cache without max-memory gets the default.
        enricher("d", yaml.formatted("d", "d", "1").replace("  max-memory: 1\n", "  ttl: PT1M\n"));
        List<Long> sizes = load(APP.formatted(dir)).enrichers().get("deployables").stream()
                .map(e -> e.cache().orElseThrow().maxMemory()).sorted().toList();
        assertEquals(List.of(4096L, 512L << 10, 2L << 20, 4L << 20, 8L << 20), sizes);

        enricher("e", yaml.formatted("e", "e", "lots"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir)));
        assertTrue(e.getMessage().contains("cache.max-memory: must be a size such as 8 MB or 512 KB, got 'lots'"),
                e.getMessage());
    }

    @Test
    void staleWhileRevalidateIsOffUnlessSetAndThenAPositiveDuration() throws IOException {
        String yaml = """
                entity-types: [deployables]
                upstream: svc
                path: /%s/{id}
                field: %s
                cache: { ttl: PT30S%s }
                """;
        enricher("a", yaml.formatted("a", "a", ""));
        enricher("b", yaml.formatted("b", "b", ", stale-while-revalidate: PT10S"));
        List<Optional<Duration>> windows = load(APP.formatted(dir)).enrichers().get("deployables").stream()
                .map(e -> e.cache().orElseThrow().staleWhileRevalidate()).toList();
        assertEquals(List.of(Optional.empty(), Optional.of(Duration.ofSeconds(10))), windows);

        enricher("c", yaml.formatted("c", "c", ", stale-while-revalidate: PT0S"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir)));
        assertTrue(e.getMessage().contains("cache.stale-while-revalidate: must be a positive duration"),
                e.getMessage());
    }

    /** A longer one overflowed when counted in nanoseconds: every request, or every load into the cache, failed. */
    @Test
    void durationsAreAtMostTwoToTheThirtyFirstSeconds() throws IOException {
        String yaml = """
                entity-types: [deployables]
                upstream: svc
                path: /a/{id}
                field: a
                cache: { ttl: %s }
                """;
        enricher("a", yaml.formatted("PT596523H"));
        assertEquals(Duration.ofHours(596523), load(APP.formatted(dir)).enrichers().get("deployables").getFirst()
                .cache().orElseThrow().ttl());

        enricher("a", yaml.formatted("PT2562048H"));
        InvalidConfigException ttl = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir)));
        assertTrue(ttl.getMessage().contains("cache.ttl: must be a positive duration of at most PT596523H"),
                ttl.getMessage());

        enricher("a", yaml.formatted("PT30S"));
        InvalidConfigException deadline = assertThrows(InvalidConfigException.class,
                () -> load(APP.formatted(dir) + "  deadline: P200000D\n"));
        assertTrue(deadline.getMessage().contains("mosaic.deadline: must be a positive duration of at most"),
                deadline.getMessage());
    }

    @Test
    void serverTimingIsOnUnlessTurnedOff() {
        assertTrue(load(APP.formatted(dir)).settings().serverTiming().enabled());
        assertFalse(load(APP.formatted(dir) + "  server-timing: { enabled: false }\n")
                .settings().serverTiming().enabled());
        String message = assertThrows(InvalidConfigException.class,
                () -> load(APP.formatted(dir) + "  server-timing: { enabled: sometimes, hide: [base] }\n")).getMessage();
        assertTrue(message.contains("mosaic.server-timing.enabled: must be true or false"), message);
        assertTrue(message.contains("mosaic.server-timing.hide: unknown key; known keys are [enabled]"), message);
    }

    @Test
    void shadowMemoryIsASizeOfAtMost2Gb() {
        assertEquals(4 << 20, load(APP.formatted(dir)).settings().shadow().maxMemory());
        assertEquals(512 << 10, load(APP.formatted(dir) + "  shadow: { max-memory: 512 KB }\n")
                .settings().shadow().maxMemory());
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> load(APP.formatted(dir) + "  shadow: { max-memory: 3 GB }\n"));
        assertTrue(e.getMessage().contains("mosaic.shadow.max-memory: must be at most 2 GB"), e.getMessage());
    }

    @Test
    void reportsEveryProblemAtOnceWithFileAndKey() throws IOException {
        enricher("typo", """
                entity-types: [deployables, widgets]
                upstream: nowhere
                path: /x/{id}
                field: x
                timout: PT1S
                transformer:
                  name: no-such-transformer
                """);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir)
                + "  deadlin: PT1S\n"));
        String message = e.getMessage();
        assertTrue(message.contains("mosaic.deadlin: unknown key"), message);
        assertTrue(message.contains("enricher.yaml: timout: unknown key"), message);
        assertTrue(message.contains("unknown upstream 'nowhere'"), message);
        assertTrue(message.contains("no transformer named 'no-such-transformer'"), message);
        assertTrue(message.contains("unknown entity type 'widgets'"), message);
        assertTrue(e.problems().size() >= 5, message);
    }

    @Test
    void settingsThatWouldDoNothingAreProblems() throws IOException {
        enricher("unnamed", """
                entity-types: [deployables]
                upstream: svc
                path: /u/{id}
                field: u
                transformer:
                  config: { keep: [en] }
                """);
        enricher("nothing", """
                entity-types: [deployables]
                upstream: svc
                path: /n/{id}
                field: n
                fallback: { type: static, value: "null" }
                """);
        String message = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir))).getMessage();
        assertTrue(message.contains("unnamed/enricher.yaml: transformer.name: is required"), message);
        assertTrue(message.contains("nothing/enricher.yaml: fallback.value: must not be null"), message);
    }

    @Test
    void rejectsBadValues() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load("""
                mosaic:
                  deadline: two seconds
                  id-pattern: "[unclosed"
                  forward-headers: [Authorization, Transfer-Encoding]
                  upstreams:
                    monolith: { uri: "not a uri" }
                  entities:
                    deployables: { path: "/d/{id}/{other}" }
                """));
        String message = e.getMessage();
        assertTrue(message.contains("mosaic.deadline: must be an ISO-8601 duration"), message);
        assertTrue(message.contains("mosaic.id-pattern: not a regular expression"), message);
        assertTrue(message.contains("hop-by-hop"), message);
        assertTrue(message.contains("mosaic.upstreams.monolith.uri: must be an absolute http(s) URI"), message);
        assertTrue(message.contains("mosaic.entities.deployables.path: must use exactly the variable {id}"), message);
    }

    @Test
    void problemsLeaveOutCredentialsInValues() throws IOException {
        enricher("design", """
                entity-types: [deployables]
                upstream: svc
                path: /designs/{id?api_key=k3y
                field: visualDesign
                """);
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load("""
                mosaic:
                  enrichers-directory: %s
                  upstreams:
                    monolith: { uri: "https://svc:pa^ss word@legacy.internal" }
                    svc: { uri: "http://127.0.0.1:2" }
                  entities:
                    deployables: {}
                  unleash: { url: "ftp://unleash.internal/api?token=t0k3n" }
                """.formatted(dir)));
        String message = e.getMessage();
        assertTrue(message.contains("mosaic.upstreams.monolith.uri: must be an absolute http(s) URI,"
                + " got 'https://***@legacy.internal'"), message);
        assertTrue(message.contains("mosaic.unleash.url: must be an absolute http(s) URI,"
                + " got 'ftp://unleash.internal/api?***'"), message);
        assertTrue(message.contains("path: invalid template '/designs/{id?***'"), message);
        for (String secret : List.of("pa^ss", "t0k3n", "k3y")) {
            assertFalse(message.contains(secret), message);
        }
    }

    @Test
    void anEnricherNameIsATokenAndNotTheMonolith() throws IOException {
        String yaml = "entity-types: [deployables]\nupstream: svc\npath: /%s/{id}\nfield: %s\n";
        enricher("a", "name: \"x1, evil;reason=ok\"\n" + yaml.formatted("a", "a"));
        enricher("b", "name: monolith\n" + yaml.formatted("b", "b"));
        enricher("Design", yaml.formatted("c", "c"));
        enricher("d", "name: team-3.design_v2\n" + yaml.formatted("d", "d"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir)));
        assertEquals(List.of(
                dir.resolve("Design/enricher.yaml") + ": name: must be lower-case letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit, got 'Design' (the folder name, as name is not set)",
                dir.resolve("a/enricher.yaml") + ": name: must be lower-case letters, digits, '.', '_' and '-',"
                        + " starting with a letter or digit, got 'x1, evil;reason=ok'",
                dir.resolve("b/enricher.yaml") + ": name: 'monolith' is reserved for the monolith's bulkheads and"
                        + " metrics"), e.problems());
    }

    @Test
    void anEnricherLeftOutOfAnExplicitListIsAWarning() throws IOException {
        enricher("a", "entity-types: [deployables]\nupstream: svc\npath: /a/{id}\nfield: a\n");
        enricher("b", "entity-types: [deployables]\nupstream: svc\npath: /b/{id}\nfield: b\n");
        List<LogRecord> records = logged(() -> {
            assertThrows(InvalidConfigException.class,
                    () -> load(APP.formatted(dir) + "      enrichers: [a]\n  deadlin: PT1S\n"));
        });
        assertEquals(List.of(), records, "a config that fails has problems only");
        records = logged(() -> {
            MosaicConfig config = load(APP.formatted(dir) + "      enrichers: [a]\n");
            assertEquals(List.of("a"), config.enrichers().get("deployables").stream().map(EnricherSettings::name)
                    .toList());
        });
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.getFirst().getLevel());
        assertEquals("enricher 'b' (" + dir.resolve("b/enricher.yaml") + ") names entity type 'deployables' but is"
                + " not called for it: add 'b' to mosaic.entities.deployables.enrichers to run it",
                records.getFirst().getMessage());
    }

    @Test
    void anUpstreamNothingCallsIsAWarning() throws IOException {
        enricher("a", "entity-types: [deployables]\nupstream: svc\npath: /a/{id}\nfield: a\n");
        String misspelt = APP.formatted(dir).replace("    svc:", "    monoltih: { uri: \"http://127.0.0.1:3\" }\n    svc:");
        List<LogRecord> records = logged(() -> load(misspelt));
        assertEquals(1, records.size(), records.toString());
        assertEquals(Level.WARNING, records.getFirst().getLevel());
        assertTrue(records.getFirst().getMessage().startsWith("upstream 'monoltih' (mosaic.upstreams.monoltih) is"
                + " called by no entity type and no enricher"), records.getFirst().getMessage());
        assertEquals(List.of(), logged(() -> load(APP.formatted(dir))));
    }

    /** What {@link MosaicConfig} logs while {@code action} runs. */
    private static List<LogRecord> logged(Runnable action) {
        try (LogRecords log = LogRecords.of(MosaicConfig.class.getName())) {
            action.run();
            return log.all();
        }
    }

    @Test
    void aFolderWithYamlButNoEnricherYamlIsAProblem() throws IOException {
        enricher("a", "entity-types: [deployables]\nupstream: svc\npath: /a/{id}\nfield: a\n");
        Files.createDirectories(dir.resolve("design"));
        Files.writeString(dir.resolve("design/enricher.yml"), "entity-types: [deployables]\n");
        Files.createDirectories(dir.resolve("spi/src"));
        Files.writeString(dir.resolve("spi/pom.xml"), "<project/>\n");
        Files.writeString(dir.resolve("spi/src/config.yaml"), "a: 1\n");
        Files.writeString(dir.resolve("notes.yaml"), "a: 1\n");
        Files.createDirectories(dir.resolve("..data"));
        Files.writeString(dir.resolve("..data/config.yaml"), "a: 1\n");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir)));
        assertEquals(List.of(dir.resolve("design") + ": has enricher.yml but no enricher.yaml: an enricher's config"
                + " must be " + dir.resolve("design/enricher.yaml")), e.problems());
    }

    @Test
    void aKeyGivenTwiceIsAProblemInTheConfigFileAndInEnricherFiles() throws IOException {
        enricher("a", "entity-types: [deployables]\nupstream: svc\npath: /a/{id}\nfield: a\nfield: b\n");
        Path file = Files.writeString(dir.resolve("application.yaml"), APP.formatted(dir) + "  deadline: PT1S\n"
                + "  deadline: PT3S\n");
        Config root = Config.just(ConfigSources.file(file));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> MosaicConfig.load(root, file, Set.of()::contains));
        assertEquals(List.of(
                file + ": mosaic.deadline: duplicate key, on lines 9 and 10: only the last would be used; give it once",
                dir.resolve("a/enricher.yaml") + ": field: duplicate key, on lines 4 and 5: only the last would be"
                        + " used; give it once"), e.problems());
    }

    @Test
    void theConfigFileHasOnlyServerAndMosaicAtItsRootAndTheServerPortIsCheckedWithTheRest() throws IOException {
        Path file = Files.writeString(dir.resolve("application.yaml"), "server:\n  port: 80a\n"
                + "mosiac:\n  deadline: PT1S\n"
                + APP.formatted(dir));
        Config root = Config.just(ConfigSources.file(file));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> MosaicConfig.load(root, file, Set.of()::contains));
        assertEquals(List.of(
                file + ": mosiac: unknown key; known keys are [mosaic, server]",
                "server.port: must be a port number, got '80a'"), e.problems());
    }

    @Test
    void aFieldHasExactlyOneOwner() throws IOException {
        enricher("a", "entity-types: [deployables]\nupstream: svc\npath: /a/{id}\nfield: name\n");
        enricher("b", "entity-types: [deployables]\nupstream: svc\npath: /b/{id}\nfield: /design/visual\n");
        enricher("c", "entity-types: [deployables]\nupstream: svc\npath: /c/{id}\nfield: design\n");
        String message = assertThrows(InvalidConfigException.class, () -> load(APP.formatted(dir))).getMessage();
        assertTrue(message.contains("'name' is already a field of the deployables base entity"), message);
        assertTrue(message.contains("'/design' overlaps '/design/visual' owned by enricher 'b'"), message);
    }

    @Test
    void replacingABaseFieldMustBeDeclared() throws IOException {
        enricher("a", "entity-types: [deployables]\nupstream: svc\npath: /a/{id}\nfield: name\nreplaces: true\n");
        assertEquals(1, load(APP.formatted(dir)).enrichers().get("deployables").size());
    }
}
