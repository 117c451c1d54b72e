package io.mosaic.k8s;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The image starts Mosaic so that Kubernetes can stop it gracefully and size it: an exec-form ENTRYPOINT whose
 * first word is java (PID 1, so SIGTERM reaches the JVM and Mosaic drains), a heap sized from the container's
 * memory limit, native access for the Unleash client's library, the JVM's own messages on stderr (stdout carries
 * only the access log's JSON lines), and the ConfigMap mounted in the image's working directory. The pod runs that
 * ENTRYPOINT as it is: a container {@code command}, {@code args} or {@code workingDir} would replace the flags, the
 * AOT cache and the working directory that these checks and {@link RunningMosaicCheck} judge. Every base image is
 * pinned, by digest or by a tag with a full version (the JDK update): a floating tag such as {@code 25-jre-noble}
 * gives a rebuild of the same commit whatever JDK the tag points at that day, one the tests never ran on.
 */
final class ImageCheck implements Check {

    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String HEAP_FROM_LIMIT = "-XX:MaxRAMPercentage=";
    private static final String LOG_OFF = "-Xlog:disable";
    private static final String WARNINGS_TO_STDERR = "-Xlog:all=warning:stderr";
    /**
     * What keeps the JVM's own messages off stdout: its unified logging (warnings and errors, e.g. about the AOT
     * cache) goes there unless turned off, and so does the rest of its output (e.g. "Terminating due to
     * java.lang.OutOfMemoryError") unless sent to stderr.
     */
    static final List<String> JVM_OUTPUT_TO_STDERR = List.of("-XX:+DisplayVMOutputToStderr", LOG_OFF,
            WARNINGS_TO_STDERR);
    /** A tag that starts with a full version, e.g. {@code 25.0.3_9-jre-noble} or {@code 1.2.3}. */
    private static final Pattern VERSION_TAG = Pattern.compile("\\d+\\.\\d+\\.\\d+.*");

    /** Container fields that replace what the image runs, and where. */
    static final List<String> OVERRIDES = List.of("command", "args", "workingDir");

    @Override
    public void check(Release release, Problems problems) {
        ImageFacts image = release.image();
        release.pod().ifPresent(pod -> OVERRIDES.stream().filter(pod.container()::has).forEach(field ->
                problems.add(pod.where(field), "replaces the image's " + (field.equals("workingDir") ? "WORKDIR "
                        + image.workdir() + ", where the ENTRYPOINT finds mosaic.jar and Mosaic its config/ and"
                        + " enrichers/" : "ENTRYPOINT " + image.entrypoint() + ", with its heap flags and AOT cache")
                        + "; remove it and change the Dockerfile instead")));
        for (String base : image.baseImages()) {
            if (!pinned(base)) {
                problems.add("Dockerfile: FROM " + base, "floats: a rebuild of the same commit gets whatever the tag"
                        + " points at that day; pin a full version (e.g. eclipse-temurin:25.0.3_9-jre-noble) or a"
                        + " digest (@sha256:...)");
            }
        }
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
        List<String> missing = JVM_OUTPUT_TO_STDERR.stream().filter(option -> !options.contains(option)).toList();
        if (!missing.isEmpty()) {
            problems.add("Dockerfile: ENTRYPOINT", "no " + String.join(" ", missing) + ": the JVM writes its own"
                    + " messages to stdout, between the access log's JSON lines; give it "
                    + String.join(" ", JVM_OUTPUT_TO_STDERR));
        }
        if (options.contains(WARNINGS_TO_STDERR) && options.indexOf(LOG_OFF) > options.indexOf(WARNINGS_TO_STDERR)) {
            problems.add("Dockerfile: ENTRYPOINT", LOG_OFF + " after " + WARNINGS_TO_STDERR + " turns the JVM's"
                    + " warnings off altogether; put it first");
        }
        options.stream().filter(ImageCheck::fixesHeap).forEach(option -> problems.add("Dockerfile: ENTRYPOINT",
                option + " fixes the heap whatever the memory limit; use " + HEAP_FROM_LIMIT));
        // The JVM reads these variables too, and a heap size there beats the ENTRYPOINT's percentages.
        release.pod().ifPresent(pod -> MosaicContract.JVM_ENV.stream().sorted().forEach(variable -> {
            String value = pod.environment().getOrDefault(variable, "");
            for (String option : value.trim().split("\\s+")) {
                if (fixesHeap(option)) {
                    problems.add(pod.where("env[" + variable + "]"), option + " fixes the heap whatever the"
                            + " memory limit, over the image's " + HEAP_FROM_LIMIT + "...; leave the heap to the"
                            + " image and size it with resources.limits.memory");
                }
            }
        }));
        if (!image.workdir().startsWith("/") || image.workdir().equals("/")) {
            problems.add("Dockerfile: WORKDIR", "Mosaic reads config/ and enrichers/ from its working directory;"
                    + " set one, e.g. /app");
        }
    }

    /** Pinned by digest, or by a tag that starts with a full version; {@code scratch} is empty and needs neither. */
    static boolean pinned(String image) {
        if (image.contains("@sha256:") || image.equals("scratch")) {
            return true;
        }
        String name = image.substring(image.lastIndexOf('/') + 1);
        int colon = name.indexOf(':');
        return colon >= 0 && VERSION_TAG.matcher(name.substring(colon + 1)).matches();
    }

    /** A JVM option that sets the maximum heap, or the memory it is taken from, instead of the container limit. */
    static boolean fixesHeap(String option) {
        return option.startsWith("-Xmx") || option.startsWith("-XX:MaxHeapSize=") || option.startsWith("-XX:MaxRAM=");
    }
}
