package io.mosaic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mosaic as a real process: requests in flight when SIGTERM arrives all complete with 200, the drain runs to its end,
 * and it exits 0.
 */
class SigtermTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void inFlightRequestsCompleteAndTheProcessExitsZero() throws Exception {
        AtomicInteger inMonolith = new AtomicInteger();
        try (StubUpstream monolith = StubUpstream.start(r -> r.get("/deployables/{id}", (req, res) -> {
            inMonolith.incrementAndGet();
            StubUpstream.sleep(1500);
            StubUpstream.json(res, "{\"id\":\"1\"}");
        }))) {
            Files.createDirectories(dir.resolve("enrichers"));
            Path config = Files.writeString(dir.resolve("application.yaml"), """
                    server: { host: 127.0.0.1, port: %d }
                    mosaic:
                      deadline: PT10S
                      enrichers-directory: %s
                      routing: { default-path: composed }
                      unleash: { bootstrap-file: none, backup-file: %s }
                      shutdown: { drain-delay: PT0.5S, grace-period: PT10S }
                      upstreams: { monolith: { uri: "%s" } }
                      entities: { deployables: { timeout: PT5S } }
                    """.formatted(freePort(), dir.resolve("enrichers"), dir.resolve("backup.json"), monolith.uri()));
            int port = Integer.parseInt(Files.readString(config).replaceAll("(?s).*port: (\\d+).*", "$1"));
            Process mosaic = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Djava.io.tmpdir=" + dir,
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(), config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosaic.log").toFile())
                    .start();
            try {
                awaitLive(port, mosaic);
                List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    inFlight.add(CLIENT.sendAsync(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/deployables/" + i))
                            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (inMonolith.get() < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(4, inMonolith.get(), "all requests reached the monolith before SIGTERM");
                mosaic.destroy(); // SIGTERM
                for (CompletableFuture<HttpResponse<String>> request : inFlight) {
                    assertEquals(200, request.get(20, TimeUnit.SECONDS).statusCode());
                }
                assertTrue(mosaic.waitFor(20, TimeUnit.SECONDS), "Mosaic must exit after the drain");
                String log = Files.readString(dir.resolve("mosaic.log"));
                assertEquals(0, mosaic.exitValue(), log);
                // the drain ran to its end, not cut short by the JVM once the web server's threads had ended
                assertTrue(log.contains("INFO: stopped"), log);
            } finally {
                mosaic.destroyForcibly();
            }
        }
    }

    private static void awaitLive(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> live = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/observe/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (live.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("Mosaic did not start; alive=" + process.isAlive());
    }
}
