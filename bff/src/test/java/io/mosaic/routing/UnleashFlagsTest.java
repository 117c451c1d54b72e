package io.mosaic.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.getunleash.UnleashContext;
import io.mosaic.LogRecords;
import io.mosaic.config.UnleashSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real SDK with Unleash unreachable: flags come from the backup file, else the bootstrap file, else the
 * configured default.
 */
class UnleashFlagsTest {

    @TempDir
    Path dir;

    private static String features(String user) {
        return """
                {"version":2,"features":[{"name":"mosaic.composed","enabled":true,"strategies":[
                  {"name":"flexibleRollout","parameters":{"rollout":"100","stickiness":"userId","groupId":"g"},
                   "constraints":[{"contextName":"userId","operator":"IN","values":["%s"]}]}]}]}
                """.formatted(user);
    }

    private UnleashFlags start(Optional<Path> bootstrap) {
        UnleashSettings settings = new UnleashSettings(Optional.of(URI.create("http://127.0.0.1:9/api")), "mosaic-test",
                "test-1", Optional.empty(), Duration.ofSeconds(1), dir.resolve("backup.json"), bootstrap,
                "MOSAIC_TEST_NO_SUCH_TOKEN_VARIABLE", false);
        return UnleashFlags.start(settings);
    }

    private static boolean composedFor(UnleashFlags flags, String user) {
        return flags.unleash().isEnabled("mosaic.composed", UnleashContext.builder().userId(user).build(), false);
    }

    /** Offline is what the demo wants, and a mistake in a deployment: either way it is said at startup. */
    @Test
    void withoutAServerItSaysThatFlagsCannotChangeUntilARestart() throws IOException {
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.json"), features("alice"));
        UnleashSettings offline = new UnleashSettings(Optional.empty(), "mosaic-test", "test-1", Optional.empty(),
                Duration.ofSeconds(1), dir.resolve("backup.json"), Optional.of(bootstrap),
                "MOSAIC_TEST_NO_SUCH_TOKEN_VARIABLE", false);
        try (LogRecords logs = LogRecords.of(UnleashFlags.class.getName());
             UnleashFlags flags = UnleashFlags.start(offline)) {
            assertTrue(composedFor(flags, "alice"));
            List<String> warnings = logs.all().stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
                    .map(LogRecord::getMessage).toList();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.getFirst().contains("runs offline, and routing follows the flags of the bootstrap file"
                    + " until it restarts"), warnings.getFirst());
        }
        try (LogRecords logs = LogRecords.of(UnleashFlags.class.getName()); UnleashFlags flags = start(Optional.empty())) {
            assertTrue(logs.all().stream().noneMatch(r -> r.getMessage().contains("offline")), "a server is configured");
        }
    }

    @Test
    void backupFileWinsOverBootstrapFile() throws IOException {
        Files.writeString(dir.resolve("backup.json"), features("bob"));
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.json"), features("alice"));
        try (UnleashFlags flags = start(Optional.of(bootstrap))) {
            assertEquals(UnleashFlags.Source.BACKUP, flags.source());
            assertTrue(flags.loaded());
            assertTrue(composedFor(flags, "bob"));
            assertFalse(composedFor(flags, "alice"));
        }
    }

    @Test
    void bootstrapFileIsUsedWithoutBackup() throws IOException {
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.json"), features("alice"));
        try (UnleashFlags flags = start(Optional.of(bootstrap))) {
            assertEquals(UnleashFlags.Source.BOOTSTRAP, flags.source());
            assertTrue(composedFor(flags, "alice"));
            assertFalse(composedFor(flags, "bob"));
        }
    }

    @Test
    void aBackupFileCutShortIsSetAsideAndTheBootstrapFileUsed() throws IOException {
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.json"), features("alice"));
        for (String broken : new String[] {"", "\n", features("bob").substring(0, 60), "{\"version\":2}"}) {
            Files.writeString(dir.resolve("backup.json"), broken);
            try (UnleashFlags flags = start(Optional.of(bootstrap))) {
                assertEquals(UnleashFlags.Source.BOOTSTRAP, flags.source(), "backup file: '" + broken + "'");
                assertTrue(flags.loaded());
                assertTrue(composedFor(flags, "alice"));
                assertFalse(composedFor(flags, "bob"));
            }
            assertEquals(broken, Files.readString(dir.resolve("backup.json.unusable")));
        }
    }

    @Test
    void flagsUnleashRefusesCountAsNone() throws IOException {
        Files.writeString(dir.resolve("backup.json"), "{\"version\":2,\"features\":[{\"name\":17}]}");
        try (UnleashFlags flags = start(Optional.empty())) {
            assertEquals(UnleashFlags.Source.NONE, flags.source());
            assertFalse(flags.loaded());
        }
    }

    @Test
    void aBootstrapFileThatIsNoFlagSetStopsTheStart() throws IOException {
        Path bootstrap = Files.writeString(dir.resolve("bootstrap.json"), "{\"features\": {}}");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> start(Optional.of(bootstrap)));
        assertEquals("Unleash bootstrap file " + bootstrap + ": no \"features\" array", e.getCause().getMessage());
    }

    @Test
    void withNeitherTheDefaultDecides() {
        try (UnleashFlags flags = start(Optional.of(dir.resolve("missing.json")))) {
            assertEquals(UnleashFlags.Source.NONE, flags.source());
            assertFalse(flags.loaded());
            assertFalse(composedFor(flags, "alice"));
            assertTrue(flags.unleash().isEnabled("mosaic.composed", UnleashContext.builder().userId("alice").build(), true));
        }
    }

    @Test
    void shippedBootstrapSendsAliceComposedAndBobDirect() {
        try (UnleashFlags flags = start(Optional.of(Path.of("..", "config", "unleash-bootstrap.json")))) {
            assertTrue(composedFor(flags, "alice"));
            assertFalse(composedFor(flags, "bob"));
        }
    }
}
