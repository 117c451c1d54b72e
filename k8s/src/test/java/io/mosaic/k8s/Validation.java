package io.mosaic.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** The validator the tests share, set up from what the build passes (k8s/pom.xml, surefire). */
final class Validation {

    static final Path REPO = Path.of(System.getProperty("mosaic.repo", "..")).toAbsolutePath().normalize();
    static final Path K8S = REPO.resolve("k8s");
    static final Path DOCKERFILE = REPO.resolve("Dockerfile");
    static final ManifestValidator VALIDATOR = create();
    /** Validations at once; each mostly waits on kubectl or on a Mosaic starting and draining. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "k8s-validation");
        thread.setDaemon(true);
        return thread;
    });

    private Validation() {
    }

    private static ManifestValidator create() {
        Path target = K8S.resolve("target");
        String kubectl = System.getProperty("mosaic.kubectl", "");
        Kubectl tool = Kubectl.at(kubectl.isBlank() || kubectl.startsWith("${")
                ? target.resolve("kubectl/kubectl") : Path.of(kubectl));
        Path classPathFile = Path.of(System.getProperty("mosaic.classpath.file",
                target.resolve("mosaic.classpath").toString()));
        List<String> classPath;
        try {
            classPath = Arrays.stream(Files.readString(classPathFile).trim().split(java.io.File.pathSeparator))
                    .filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no Mosaic class path at " + classPathFile + ": run through Maven", e);
        }
        Path work = Path.of(System.getProperty("mosaic.work", target.resolve("validation").toString()));
        System.out.println("Rendering with " + tool.binary() + ": " + tool.version().strip().replace('\n', ' '));
        return new ManifestValidator(tool, REPO, REPO.resolve("bff/target/mosaic.jar"), classPath, work);
    }

    /**
     * Start validating every kustomization at once (the work is mostly waiting: kubectl, a starting and draining
     * Mosaic); each test then waits for its own result.
     */
    static Map<Path, Future<Result>> startAll(List<Path> kustomizations, String prefix,
                                              Function<Path, Path> dockerfile) {
        Map<Path, Future<Result>> results = new LinkedHashMap<>();
        for (Path kustomization : kustomizations) {
            String name = prefix + kustomization.getFileName();
            results.put(kustomization, POOL.submit(() -> {
                long start = System.nanoTime();
                List<String> problems = VALIDATOR.validate(name, kustomization, dockerfile.apply(kustomization));
                Result result = new Result(name, problems, Duration.ofNanos(System.nanoTime() - start));
                System.out.printf("%s: %d problem(s) in %d ms%s%n", name, problems.size(),
                        result.took().toMillis(), problems.isEmpty() ? "" : "\n  - " + String.join("\n  - ", problems));
                return result;
            }));
        }
        return results;
    }

    /**
     * @param name     the release's name in messages
     * @param problems what the validator reported
     * @param took     how long rendering and checking took
     */
    record Result(String name, List<String> problems, Duration took) {
    }

    /** Sub-folders holding a kustomization.yaml, by name. */
    static List<Path> kustomizations(Path parent) {
        try (var children = Files.list(parent)) {
            return children.filter(p -> Files.isRegularFile(p.resolve("kustomization.yaml"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
