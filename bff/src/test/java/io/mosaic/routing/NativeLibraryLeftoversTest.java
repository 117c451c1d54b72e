package io.mosaic.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryLeftoversTest {

    private static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");

    @TempDir
    Path dir;

    private Path file(String name, int bytes, Duration age) throws IOException {
        Path file = Files.write(dir.resolve(name), new byte[bytes]);
        Files.setLastModifiedTime(file, FileTime.from(NOW.minus(age)));
        return file;
    }

    @Test
    void removesOnlyTheEngineCopiesOlderThanAMinute() throws IOException {
        Path killed = file("ygg_7715178016199092526_libyggdrasilffi_x86_64.so", 3000, Duration.ofHours(2));
        Path killedToo = file("ygg_15287266603115015102_libyggdrasilffi_x86_64.so", 500, Duration.ofMinutes(2));
        Path starting = file("ygg_42_libyggdrasilffi_x86_64.so", 100, Duration.ofSeconds(5));
        Path backup = file("mosaic-unleash-backup.json", 10, Duration.ofDays(1));
        Path notACopy = file("ygg_notes.so", 10, Duration.ofDays(1));
        Path otherLibrary = file("libother_1.so", 10, Duration.ofDays(1));
        Path folder = Files.createDirectory(dir.resolve("ygg_1_lib.so"));
        Files.setLastModifiedTime(folder, FileTime.from(NOW.minus(Duration.ofDays(1))));

        NativeLibraryLeftovers.Removed removed = NativeLibraryLeftovers.sweep(dir, NOW);

        assertEquals(new NativeLibraryLeftovers.Removed(2, 3500), removed);
        assertFalse(Files.exists(killed));
        assertFalse(Files.exists(killedToo));
        assertTrue(Files.exists(starting), "a process starting now may not have loaded its copy yet");
        assertTrue(Files.exists(backup));
        assertTrue(Files.exists(notACopy));
        assertTrue(Files.exists(otherLibrary));
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void aDirectoryThatIsNotThereIsNoFailure() {
        assertEquals(new NativeLibraryLeftovers.Removed(0, 0),
                NativeLibraryLeftovers.sweep(dir.resolve("missing"), NOW));
    }
}
