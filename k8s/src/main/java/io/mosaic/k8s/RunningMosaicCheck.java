package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import io.mosaic.Main;
import io.mosaic.cache.CacheBudget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Starts Mosaic the way the pod would, and asks it what the kubelet and Prometheus will ask. The container's
 * filesystem is laid out in a folder (the image's files: mosaic.jar and libs/ as built, config/ and the
 * enricher folders; then each ConfigMap volume's files and each emptyDir), the image's ENTRYPOINT runs there
 * with exactly the container's variables (paths moved into that folder, listening on 127.0.0.1 and a free
 * port, Unleash pointed at a closed local port), and then:
 * the startup and liveness paths must answer 200, the readiness path 200 or 503, the metrics path 200; Mosaic
 * must become ready (flags from the bootstrap file, as in an Unleash outage); and after SIGTERM it must drain and
 * exit 0 within terminationGracePeriodSeconds. The heap is the one the memory limit gives ({@code -XX:MaxRAM}), and
 * Mosaic must not warn that its caches, full, would crowd it.
 */
final class RunningMosaicCheck implements Check {

    private static final Duration MAX_STARTUP = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Set<Integer> READY_OR_NOT = Set.of(200, 503);

    private final Path jar;
    private final List<String> classPath;
    private final Path work;

    /**
     * @param jar       the runnable jar as the image gets it, with its libs/ beside it (bff/target/mosaic.jar)
     * @param classPath Mosaic's class path, used only when the jar is not built (a build that stops before
     *                  package)
     * @param work      a folder for the container filesystems and logs
     */
    RunningMosaicCheck(Path jar, List<String> classPath, Path work) {
        this.jar = jar;
        this.classPath = List.copyOf(classPath);
        this.work = work;
    }

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            try {
                run(release, pod, problems);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    private void run(Release release, MosaicPod pod, Problems problems) throws IOException, InterruptedException {
        Path dir = work.resolve(release.name().replaceAll("[^A-Za-z0-9._-]", "_"));
        Path root = dir.resolve("root");
        deleteTree(dir);
        Files.createDirectories(root);
        ContainerFiles files = ContainerFiles.lay(pod, root);
        int port = freePort();
        Map<String, String> env = new LinkedHashMap<>();
        pod.environment().forEach((name, value) -> env.put(name, files.rewrite(value)));
        env.put("SERVER_HOST", "127.0.0.1");
        env.put("SERVER_PORT", String.valueOf(port));
        if (PodConfig.of(pod).value(MosaicContract.UNLEASH_URL_KEY).isPresent()) {
            env.put("MOSAIC_UNLEASH_URL", "http://127.0.0.1:" + freePort() + "/api");
        }
        List<String> command = command(release, pod, files);

        Path log = dir.resolve("mosaic.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(files.host(release.image().workdir()).toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        Process mosaic = builder.start();
        boolean ready = false;
        try {
            ready = probe(pod, port, mosaic, log, problems);
        } finally {
            stop(pod, mosaic, ready, log, problems);
        }
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf(CacheBudget.WARNING);
            if (at >= 0) {
                problems.add(pod.where("resources.limits.memory"), "at this limit, " + line.substring(at));
            }
        }
    }

    /** The image's ENTRYPOINT, run by this JDK's java, with /tmp moved into the laid-out folder. */
    private List<String> command(Release release, MosaicPod pod, ContainerFiles files) throws IOException {
        List<String> entrypoint = release.image().entrypoint();
        int jarAt = entrypoint.indexOf("-jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!ConfigFilesCheck.systemProperties(pod).containsKey(MosaicContract.TMPDIR_PROPERTY)) {
            command.add("-D" + MosaicContract.TMPDIR_PROPERTY + "=" + files.host(MosaicContract.DEFAULT_TMPDIR));
        }
        // The JVM sizes its heap from the container's memory limit; here -XX:MaxRAM stands in for it.
        memoryLimit(pod).ifPresent(bytes -> command.add("-XX:MaxRAM=" + bytes));
        // The AOT cache is written at image build for the image's own JVM; this JVM runs without it.
        release.image().javaOptions().stream()
                .filter(option -> !option.startsWith("-XX:AOTCache="))
                .forEach(option -> command.add(files.rewrite(option)));
        if (Files.isRegularFile(jar) && jarAt > 0 && jarAt + 1 < entrypoint.size()) {
            Path app = files.host(release.image().workdir());
            Path imageJar = app.resolve(entrypoint.get(jarAt + 1));
            Files.createDirectories(imageJar.getParent());
            Files.createSymbolicLink(imageJar, jar.toAbsolutePath());
            Files.createSymbolicLink(imageJar.resolveSibling("libs"), jar.toAbsolutePath().resolveSibling("libs"));
            entrypoint.subList(jarAt, entrypoint.size()).forEach(word -> command.add(files.rewrite(word)));
        } else {
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, classPath));
            command.add(Main.class.getName());
        }
        return command;
    }

    /** The container's memory limit in bytes; empty when it has none or it is not a quantity (ResourceCheck). */
    private static Optional<Long> memoryLimit(MosaicPod pod) {
        JsonNode limit = pod.container().path("resources").path("limits").path("memory");
        if (!limit.isValueNode() || limit.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Quantity(limit.asText()).getNumber().longValue());
        } catch (QuantityFormatException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** @return whether Mosaic got ready, so that its shutdown is the one a serving replica goes through */
    private static boolean probe(MosaicPod pod, int port, Process mosaic, Path log, Problems problems)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        String startup = ProbeCheck.path(pod, "startupProbe");
        JsonNode startupProbe = pod.container().path("startupProbe");
        Duration budget = Duration.ofSeconds(startupProbe.path("initialDelaySeconds").asLong(0)
                + startupProbe.path("periodSeconds").asLong(10) * startupProbe.path("failureThreshold").asLong(3));
        budget = budget.compareTo(MAX_STARTUP) > 0 ? MAX_STARTUP : budget;
        long deadline = System.nanoTime() + budget.toNanos();
        int status = -1;
        while (System.nanoTime() < deadline) {
            if (!mosaic.isAlive()) {
                problems.add(pod.where(""), "Mosaic exited with " + mosaic.exitValue() + " while starting: "
                        + tail(log));
                return false;
            }
            status = get(http, port, startup);
            if (status == 200 || status == 404) {
                break;
            }
            Thread.sleep(POLL.toMillis());
        }
        if (status != 200) {
            problems.add(pod.where("startupProbe.httpGet.path"), "GET " + startup + " answered "
                    + (status < 0 ? "nothing" : status) + " within the startup probe's " + budget.toSeconds()
                    + " s; Mosaic must answer 200 there. Log: " + tail(log));
            return false;
        }
        expect(http, port, pod.where("livenessProbe.httpGet.path"), ProbeCheck.path(pod, "livenessProbe"),
                Set.of(200), problems);
        String readiness = ProbeCheck.path(pod, "readinessProbe");
        boolean served = expect(http, port, pod.where("readinessProbe.httpGet.path"), readiness, READY_OR_NOT,
                problems);
        while (served && System.nanoTime() < deadline && get(http, port, readiness) == 503) {
            Thread.sleep(POLL.toMillis());
        }
        boolean ready = served && get(http, port, readiness) == 200;
        if (served && !ready) {
            problems.add(pod.where("readinessProbe.httpGet.path"), "GET " + readiness + " did not answer 200 within"
                    + " the startup probe's " + budget.toSeconds() + " s, with Unleash unreachable: the replica would"
                    + " never get traffic. Log: " + tail(log));
        }
        JsonNode annotations = pod.deployment().path("spec").path("template").path("metadata").path("annotations");
        if (annotations.has("prometheus.io/path")) {
            expect(http, port, Release.id(pod.deployment()) + ": spec.template.metadata.annotations[prometheus.io/path]",
                    annotations.path("prometheus.io/path").asText(), Set.of(200), problems);
        }
        return ready;
    }

    /** @return whether the path answered as wanted */
    private static boolean expect(HttpClient http, int port, String where, String path, Set<Integer> wanted,
                                  Problems problems) throws InterruptedException {
        int status = get(http, port, path);
        boolean answered = wanted.contains(status);
        if (!answered) {
            problems.add(where, "GET " + path + " answered " + (status < 0 ? "nothing" : status)
                    + "; Mosaic must answer " + wanted + " there");
        }
        return answered;
    }

    private static void stop(MosaicPod pod, Process mosaic, boolean ready, Path log, Problems problems)
            throws InterruptedException {
        if (!mosaic.isAlive()) {
            return;
        }
        long grace = pod.podSpec().path("terminationGracePeriodSeconds").asLong(30);
        long start = System.nanoTime();
        mosaic.destroy();
        if (!mosaic.waitFor(grace, TimeUnit.SECONDS)) {
            mosaic.destroyForcibly().waitFor();
            problems.add(pod.wherePod("terminationGracePeriodSeconds"), "Mosaic was still running " + grace
                    + " s after SIGTERM; the kubelet would kill it. Log: " + tail(log));
            return;
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("Mosaic (%s) stopped %d ms after SIGTERM, exit %d%n", pod.release().name(), took,
                mosaic.exitValue());
        if (ready && mosaic.exitValue() != 0) {
            problems.add(pod.where(""), "Mosaic exited with " + mosaic.exitValue() + " " + took + " ms after SIGTERM;"
                    + " it drains and exits 0 when SIGTERM reaches its handler, so it was killed without draining."
                    + " Log: " + tail(log));
        }
    }

    private static int get(HttpClient http, int port, String path) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (ConnectException e) {
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return "\n    " + String.join("\n    ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
