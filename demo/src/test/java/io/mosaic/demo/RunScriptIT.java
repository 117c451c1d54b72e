package io.mosaic.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo/run.sh} as a user runs it, after {@code package} (the jars it starts exist): it refuses a port that is
 * taken, it fails when Mosaic does not start, and it ends with an error, stopping the other process, when one of
 * its processes stops on its own. Every process listens on free ports of 127.0.0.1.
 */
class RunScriptIT {

    private static final Path REPO = Path.of(System.getProperty("mosaic.repo", "..")).toAbsolutePath().normalize();
    private static final Duration LIMIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Process script;

    @AfterEach
    void stopScript() throws InterruptedException {
        if (script != null && script.isAlive()) {
            script.descendants().forEach(ProcessHandle::destroyForcibly);
            script.destroyForcibly().waitFor();
        }
    }

    @Test
    void refusesAPortThatIsAlreadyInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Integer> ports = freePorts(3);
            Path log = start(Map.of("SERVER_PORT", String.valueOf(taken.getLocalPort()),
                    "DEMO_MONOLITH_PORT", String.valueOf(ports.get(0)),
                    "DEMO_VISUAL_DESIGN_PORT", String.valueOf(ports.get(1)),
                    "DEMO_TRANSLATIONS_PORT", String.valueOf(ports.get(2))));

            int status = exitStatus(log);
            String output = Files.readString(log);
            assertNotEquals(0, status, output);
            assertTrue(output.contains("port " + taken.getLocalPort() + " on 127.0.0.1 is already in use"), output);
            assertFalse(output.contains("Mosaic is running"), output);
            for (int port : ports) {
                assertFalse(listening(port), "port " + port + " is still open:\n" + output);
            }
        }
    }

    @Test
    void failsWhenMosaicDoesNotStart() throws Exception {
        List<Integer> ports = freePorts(4);
        Path log = start(Map.of("SERVER_PORT", String.valueOf(ports.get(0)),
                "DEMO_MONOLITH_PORT", String.valueOf(ports.get(1)),
                "DEMO_VISUAL_DESIGN_PORT", String.valueOf(ports.get(2)),
                "DEMO_TRANSLATIONS_PORT", String.valueOf(ports.get(3)),
                "MOSAIC_DEADLINE", "not-a-duration"));

        int status = exitStatus(log);
        String output = Files.readString(log);
        assertNotEquals(0, status, output);
        assertTrue(output.contains("Mosaic stopped (exit status 2) before it was ready"), output);
        assertFalse(output.contains("Mosaic is running"), output);
        assertFalse(listening(ports.get(1)), "the demo upstreams were left running:\n" + output);
    }

    @Test
    void endsWithAnErrorWhenAProcessStopsOnItsOwn() throws Exception {
        List<Integer> ports = freePorts(4);
        Path log = start(Map.of("SERVER_PORT", String.valueOf(ports.get(0)),
                "DEMO_MONOLITH_PORT", String.valueOf(ports.get(1)),
                "DEMO_VISUAL_DESIGN_PORT", String.valueOf(ports.get(2)),
                "DEMO_TRANSLATIONS_PORT", String.valueOf(ports.get(3)),
                "MOSAIC_SHUTDOWN_DRAIN_dash_DELAY", "PT0.01S"));
        awaitOutput(log, "Mosaic is running");
        HttpResponse<Void> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + ports.get(0) + "/api/deployables/42"))
                .header("X-User-Id", "alice").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, answer.statusCode());
        assertEquals("composed", answer.headers().firstValue("Mosaic-Path").orElse(""));

        ProcessHandle upstreams = script.descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("mosaic-demo.jar")).findFirst()
                .orElseThrow(() -> new AssertionError("no demo upstream process under the script"));
        upstreams.destroyForcibly();

        int status = exitStatus(log);
        String output = Files.readString(log);
        assertNotEquals(0, status, output);
        assertTrue(output.contains("a demo process stopped on its own"), output);
        assertFalse(listening(ports.get(0)), "Mosaic was left running:\n" + output);
    }

    private Path start(Map<String, String> env) throws IOException {
        Path log = tmp.resolve("run.log");
        ProcessBuilder builder = new ProcessBuilder("bash", REPO.resolve("demo/run.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().put("MOSAIC_DEMO_SKIP_BUILD", "true");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        script = builder.start();
        return log;
    }

    private int exitStatus(Path log) throws Exception {
        if (!script.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            fail("demo/run.sh still running after " + LIMIT.toSeconds() + " s:\n" + Files.readString(log));
        }
        return script.exitValue();
    }

    private void awaitOutput(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!Files.readString(log).contains(text)) {
            if (!script.isAlive() || System.nanoTime() > deadline) {
                fail("demo/run.sh never printed '" + text + "':\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
