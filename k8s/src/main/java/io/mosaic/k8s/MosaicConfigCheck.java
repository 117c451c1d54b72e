package io.mosaic.k8s;

import io.mosaic.EnricherRegistry;
import io.mosaic.config.InvalidConfigException;
import io.mosaic.config.MosaicConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Mosaic starts with the configuration the pod gives it. The ConfigMap mounted where Mosaic reads its config
 * holds every file of config/, unchanged (environments differ by variables, not by edited copies); the files
 * it names (the Unleash bootstrap file) exist in the container; and that application.yaml, with the
 * container's variables (and Kubernetes' service links, if enabled) on top, passes Mosaic's own strict loader
 * ({@link MosaicConfig#load}), which refuses unknown keys and bad values.
 */
final class MosaicConfigCheck implements Check {

    private final EnricherRegistry registry = EnricherRegistry.load();

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> check(release, pod, problems));
    }

    private void check(Release release, MosaicPod pod, Problems problems) {
        PodConfig config = PodConfig.of(pod);
        if (config.fromMount().isEmpty()) {
            problems.add(pod.where("volumeMounts"), "Mosaic reads " + config.file() + ", and no ConfigMap of this"
                    + " release is mounted there: it would run on the image's build-time copy. Mount the ConfigMap"
                    + " generated from config/ at " + pod.absolute(MosaicContract.CONFIG_DIR));
        } else {
            sameAsCheckout(release, pod, problems);
        }
        String bootstrap = config.value(MosaicContract.UNLEASH_BOOTSTRAP_FILE_KEY)
                .orElse(MosaicContract.DEFAULT_BOOTSTRAP_FILE);
        if (!bootstrap.equalsIgnoreCase("none") && !exists(pod, bootstrap)) {
            problems.add(pod.where("volumeMounts"), MosaicContract.UNLEASH_BOOTSTRAP_FILE_KEY + " "
                    + pod.absolute(bootstrap) + " does not exist in the container");
        }
        loads(release, pod, config, problems);
        if (pod.serviceLinksEnabled()) {
            problems.add(pod.wherePod("enableServiceLinks"), "must be false: Kubernetes would add variables such as "
                    + String.join(", ", pod.serviceLinkEnv().keySet().stream().limit(3).toList())
                    + ", which Helidon reads as config keys");
        }
    }

    /** The mount over WORKDIR/config hides the image's config/: the ConfigMap must hold all of it, unchanged. */
    private static void sameAsCheckout(Release release, MosaicPod pod, Problems problems) {
        for (Path file : MosaicContract.configFiles(release.repo())) {
            String name = MosaicContract.CONFIG_DIR + "/" + file.getFileName();
            Optional<MosaicPod.ConfigMapFile> mounted = pod.configMapFile(name);
            if (mounted.isEmpty()) {
                problems.add(pod.where("volumeMounts"), name + " is not in the ConfigMap mounted over "
                        + pod.absolute(MosaicContract.CONFIG_DIR) + ", which hides the image's copy: list it in"
                        + " config/kustomization.yaml");
            } else if (!mounted.get().content().equals(read(file))) {
                problems.add("ConfigMap/" + mounted.get().configMap() + ": data[" + mounted.get().key() + "]",
                        "differs from " + name + ": generate it from config/ (config/kustomization.yaml) and set what"
                                + " differs per environment with variables in the overlay");
            }
        }
    }

    /** A file is in the container if a ConfigMap puts it there, or the image has it and no volume hides it. */
    private static boolean exists(MosaicPod pod, String path) {
        String absolute = pod.absolute(path);
        if (pod.configMapFile(absolute).isPresent()) {
            return true;
        }
        String workdir = pod.release().image().workdir() + "/";
        return pod.mountFor(absolute).isEmpty() && absolute.startsWith(workdir)
                && Files.isRegularFile(pod.release().repo().resolve(absolute.substring(workdir.length())));
    }

    private void loads(Release release, MosaicPod pod, PodConfig config, Problems problems) {
        String enrichers = pod.absolute(config.value(MosaicContract.ENRICHERS_DIRECTORY_KEY).orElse("enrichers"));
        String workdir = release.image().workdir();
        Optional<Path> inCheckout = enricherFolders(pod, config);
        if (inCheckout.isEmpty()) {
            problems.add(pod.where("env"), "the enricher folders are in " + workdir + "/enrichers in the image, not "
                    + enrichers);
            return;
        }
        try {
            load(pod, inCheckout.get(), registry);
        } catch (InvalidConfigException e) {
            String source = "env" + (pod.serviceLinksEnabled() ? ", service links" : "") + " and " + config.file();
            for (String problem : e.problems()) {
                problems.add(pod.where("env") + " with " + source, "Mosaic would refuse to start: "
                        + problem.replace(inCheckout.get().toString(), enrichers));
            }
        }
    }

    /**
     * Where the checkout holds the enricher folders the pod reads; empty when the pod reads them from outside the
     * image's working directory, which holds the only copy.
     */
    static Optional<Path> enricherFolders(MosaicPod pod, PodConfig config) {
        String enrichers = pod.absolute(config.value(MosaicContract.ENRICHERS_DIRECTORY_KEY).orElse("enrichers"));
        String workdir = pod.release().image().workdir();
        return enrichers.startsWith(workdir + "/")
                ? Optional.of(pod.release().repo().resolve(enrichers.substring(workdir.length() + 1)))
                : Optional.empty();
    }

    /**
     * Mosaic's configuration as the pod's process would load it, the enricher folders read from the checkout (the
     * image's copy).
     *
     * @throws InvalidConfigException when Mosaic would refuse to start
     */
    static MosaicConfig load(MosaicPod pod, Path enricherFolders, EnricherRegistry registry) {
        PodConfig withFolders = PodConfig.of(pod, Map.of(MosaicContract.ENRICHERS_DIRECTORY_KEY,
                enricherFolders.toString()));
        return MosaicConfig.load(withFolders.config(), registry::has);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
