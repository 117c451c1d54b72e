package io.mosaic.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bff/aot-train.sh} writes an AOT cache that a pod's JVM can use whatever machine the image is built on.
 * The Dockerfile trains with the image's flags, which size the heap as a fifth of the memory the JVM sees: at
 * build time the whole build machine. Here {@code -XX:MaxRAM=200g} stands for a build machine of 200 GB, where
 * that is a 40 GB heap without compressed oops; the cache must still serve a JVM with k8s/base's 320Mi limit.
 * Runs after {@code package}, when the Mosaic and demo jars exist, on free ports of 127.0.0.1.
 */
class AotTrainIT {

    private static final Path REPO = Path.of(System.getProperty("mosaic.repo", "..")).toAbsolutePath().normalize();
    /** The image's ENTRYPOINT flags, without -XX:AOTCache (Dockerfile). */
    private static final List<String> IMAGE_FLAGS = List.of("-XX:+DisplayVMOutputToStderr", "-Xlog:disable",
            "-Xlog:all=warning:stderr", "-XX:InitialRAMPercentage=20.0", "-XX:MinRAMPercentage=20.0",
            "-XX:MaxRAMPercentage=20.0", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError",
            "--enable-native-access=ALL-UNNAMED");
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    @Test
    void cacheFromABigBuildMachineServesAPod() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25");
        Path cache = tmp.resolve("mosaic.aot");
        List<String> train = new ArrayList<>(List.of("bash", REPO.resolve("bff/aot-train.sh").toString(),
                REPO.toString(), "bff/target/mosaic.jar", REPO.resolve("demo/target/mosaic-demo.jar").toString(),
                cache.toString(), "-XX:MaxRAM=200g"));
        train.addAll(IMAGE_FLAGS);
        // Only 64 MB of the 40 GB heap committed at start, so that this machine can run it.
        train.add("-XX:InitialHeapSize=64m");
        ProcessBuilder training = new ProcessBuilder(train);
        training.environment().put("JAVA", JAVA);
        training.environment().put("AOT_TRAIN_SECONDS", "2");
        training.environment().put("AOT_TRAIN_PORT_BASE", String.valueOf(fourFreePorts()));
        Run trained = run(training, "training");
        assertEquals(0, trained.status(), trained.output());
        assertTrue(Files.size(cache) > 0, trained.output());

        // A pod: the image's flags under a 320Mi limit, and the cache required (AOTMode=on fails without it).
        List<String> pod = new ArrayList<>(List.of(JAVA, "-XX:MaxRAM=320m", "-XX:AOTMode=on",
                "-XX:AOTCache=" + cache));
        pod.addAll(IMAGE_FLAGS);
        pod.addAll(List.of("-cp", "bff/target/mosaic.jar", "-version"));
        Run used = run(new ProcessBuilder(pod), "pod");
        assertEquals(0, used.status(), "the pod's JVM cannot use the cache:\n" + used.output());
    }

    private Run run(ProcessBuilder builder, String name) throws IOException, InterruptedException {
        Path log = tmp.resolve(name + ".log");
        Process process = builder.directory(REPO.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
        }
        return new Run(process.exitValue(), Files.readString(log));
    }

    /** The first of four consecutive free ports (aot-train.sh's Mosaic and three demo upstreams). */
    private static int fourFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20000, 32000);
            List<ServerSocket> sockets = new ArrayList<>();
            try {
                for (int port = base; port < base + 4; port++) {
                    sockets.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                }
                return base;
            } catch (IOException taken) {
                // try another range
            } finally {
                for (ServerSocket socket : sockets) {
                    socket.close();
                }
            }
        }
        throw new IOException("no four consecutive free ports on 127.0.0.1");
    }

    private record Run(int status, String output) {
    }
}
