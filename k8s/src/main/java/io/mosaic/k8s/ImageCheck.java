package io.mosaic.k8s;

import java.util.List;

/**
 * The image starts Mosaic so that Kubernetes can stop it gracefully and size it: an exec-form ENTRYPOINT whose
 * first word is java (PID 1, so SIGTERM reaches the JVM and Mosaic drains), a heap sized from the container's
 * memory limit, native access for the Unleash client's library, and the ConfigMap mounted in the image's
 * working directory.
 */
final class ImageCheck implements Check {

    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String HEAP_FROM_LIMIT = "-XX:MaxRAMPercentage=";

    @Override
    public void check(Release release, Problems problems) {
        ImageFacts image = release.image();
        List<String> command = image.entrypoint();
        if (command.isEmpty() || command.getFirst().equals("/bin/sh")) {
            problems.add("Dockerfile: ENTRYPOINT", "must be the exec form [\"java\", ...]: under a shell, java is not"
                    + " PID 1, SIGTERM does not reach it, and Mosaic is killed without draining");
            return;
        }
        if (!(command.getFirst().equals("java") || command.getFirst().endsWith("/java"))) {
            problems.add("Dockerfile: ENTRYPOINT", "starts with '" + command.getFirst() + "', not java: SIGTERM must"
                    + " reach the JVM directly");
        }
        List<String> options = image.javaOptions();
        if (!options.contains(NATIVE_ACCESS)) {
            problems.add("Dockerfile: ENTRYPOINT", "no " + NATIVE_ACCESS + ": the Unleash client loads a native"
                    + " library");
        }
        if (options.stream().noneMatch(o -> o.startsWith(HEAP_FROM_LIMIT))) {
            problems.add("Dockerfile: ENTRYPOINT", "no " + HEAP_FROM_LIMIT + "...: the heap must follow the"
                    + " container's memory limit");
        }
        if (options.stream().anyMatch(o -> o.startsWith("-Xmx"))) {
            problems.add("Dockerfile: ENTRYPOINT", "-Xmx fixes the heap whatever the memory limit; use "
                    + HEAP_FROM_LIMIT);
        }
        if (!image.workdir().startsWith("/") || image.workdir().equals("/")) {
            problems.add("Dockerfile: WORKDIR", "Mosaic reads config/ and enrichers/ from its working directory;"
                    + " set one, e.g. /app");
        }
    }
}
