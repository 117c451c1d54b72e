package io.mosaic.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's ENTRYPOINT flags keep the JVM's own messages off stdout, where the access log writes its JSON lines.
 * Run by this JDK with the Dockerfile's flags, a JVM given an AOT cache it cannot use, and one that runs out of heap,
 * write their messages to stderr and nothing to stdout. The same two JVMs without those flags show that the messages
 * do land on stdout otherwise, which is what {@link ImageCheck} asks the flags for.
 */
class JvmOutputTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** The JVM options of the Dockerfile's ENTRYPOINT, without its AOT cache (written at image build). */
    private static final List<String> IMAGE_FLAGS = ImageFacts.read(Validation.DOCKERFILE).javaOptions().stream()
            .filter(option -> !option.startsWith("-XX:AOTCache=")).toList();
    private static final String OUT_OF_MEMORY = "Terminating due to java.lang.OutOfMemoryError";

    @TempDir
    Path tmp;

    @Test
    void theImageFlagsSendTheJvmsMessagesToStderr() throws Exception {
        assertTrue(IMAGE_FLAGS.containsAll(ImageCheck.JVM_OUTPUT_TO_STDERR), "Dockerfile ENTRYPOINT: " + IMAGE_FLAGS);
        if (Runtime.version().feature() >= 25) {
            Run cache = run(IMAGE_FLAGS, unusableCache());
            assertEquals("", cache.stdout(), "stderr:\n" + cache.stderr());
            assertTrue(cache.stderr().contains("AOT cache"), cache.stderr());
        }
        Run memory = run(IMAGE_FLAGS, outOfMemory());
        assertEquals("", memory.stdout(), "stderr:\n" + memory.stderr());
        assertTrue(memory.stderr().contains(OUT_OF_MEMORY), memory.stderr());
    }

    @Test
    void withoutThemTheMessagesGoToStdout() throws Exception {
        List<String> without = IMAGE_FLAGS.stream().filter(o -> !ImageCheck.JVM_OUTPUT_TO_STDERR.contains(o)).toList();
        if (Runtime.version().feature() >= 25) {
            assertTrue(run(without, unusableCache()).stdout().contains("AOT cache"));
        }
        assertTrue(run(without, outOfMemory()).stdout().contains(OUT_OF_MEMORY));
    }

    /** {@code -version} with an AOT cache file that is not one (JDK 25+): the JVM reports it and runs without. */
    private List<String> unusableCache() throws IOException {
        Path cache = Files.writeString(tmp.resolve("stale.aot"), "not an AOT cache");
        return List.of("-XX:MaxRAM=320m", "-XX:AOTCache=" + cache, "-version");
    }

    /** A program that fills its heap; with the image's -XX:+ExitOnOutOfMemoryError the JVM exits with 3. */
    private List<String> outOfMemory() throws IOException {
        Path source = Files.writeString(tmp.resolve("Fill.java"), """
                public class Fill {
                    public static void main(String[] args) {
                        java.util.List<long[]> kept = new java.util.ArrayList<>();
                        while (true) {
                            kept.add(new long[1 << 20]);
                        }
                    }
                }
                """);
        return List.of("-XX:MaxRAM=256m", "-XX:+ExitOnOutOfMemoryError", source.toString());
    }

    private Run run(List<String> flags, List<String> rest) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA));
        command.addAll(flags);
        command.addAll(rest);
        Path out = tmp.resolve("stdout.txt");
        Path err = tmp.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        return new Run(Files.readString(out), Files.readString(err));
    }

    private record Run(String stdout, String stderr) {
    }
}
