package io.mosaic.routing;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Copies of the Unleash engine's native library that earlier processes left in {@code java.io.tmpdir}.
 *
 * <p>The SDK writes a fresh copy ({@code ygg_<number>_<library>}, about 3.5 MB) at every start, loads it, and deletes
 * it only when the JVM exits normally. A process that is killed (an out-of-memory exit, a failed liveness probe, a
 * SIGKILL at the end of the grace period) leaves its copy behind, and in a pod {@code /tmp} is an emptyDir that
 * outlives container restarts: a crash loop would fill its 256 MiB after about 70 restarts, and the kubelet evicts a
 * pod whose emptyDir is over its size limit.
 *
 * <p>A copy older than {@link #MIN_AGE} is removed. The SDK loads its copy right after writing it, so an older one is
 * either a leftover or already loaded by a running process, which removing the file does not disturb: on Linux and
 * macOS a loaded library stays mapped after its file is gone (on Windows the removal fails and the copy stays).
 */
final class NativeLibraryLeftovers {

    /** The SDK's name for its copies: {@code Files.createTempFile("ygg_", "_" + library)}. */
    private static final Pattern COPY = Pattern.compile("ygg_\\d+_.+\\.(so|dylib|dll)");

    /** Younger copies may belong to a process that is starting and has not loaded its copy yet. */
    static final Duration MIN_AGE = Duration.ofMinutes(1);

    /** How many copies were removed, and their bytes. */
    record Removed(int copies, long bytes) {
    }

    private NativeLibraryLeftovers() {
    }

    /**
     * Remove the copies in {@code dir} last written before {@code now} less {@link #MIN_AGE}. Never fails: a copy that
     * cannot be read or removed is left, and a directory that cannot be listed is left alone.
     */
    static Removed sweep(Path dir, Instant now) {
        Instant before = now.minus(MIN_AGE);
        int copies = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "ygg_*")) {
            for (Path entry : entries) {
                if (!COPY.matcher(entry.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    if (attributes.isRegularFile() && attributes.lastModifiedTime().toInstant().isBefore(before)
                            && Files.deleteIfExists(entry)) {
                        copies++;
                        bytes += attributes.size();
                    }
                } catch (IOException | SecurityException e) {
                    // another process's copy we may not remove, or one removed meanwhile: leave it
                }
            }
        } catch (IOException | SecurityException e) {
            // no such directory, or not ours to list: the SDK reports its own trouble with it
        }
        return new Removed(copies, bytes);
    }
}
