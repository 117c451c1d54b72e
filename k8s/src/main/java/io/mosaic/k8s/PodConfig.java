package io.mosaic.k8s;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.config.EnvironmentVariables;
import io.helidon.common.media.type.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Mosaic's configuration as the process in the pod would see it, built the way {@code io.mosaic.Main} builds
 * it: environment variables first (mapped the Helidon way), then system properties (the {@code -D} options of
 * the image's command and of JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS), then the config file.
 *
 * @param config     the root config
 * @param file       the container path of the config file Mosaic reads
 * @param fromMount  the file's content comes from a ConfigMap of the release; empty when it comes from the image
 */
public record PodConfig(Config config, String file, Optional<MosaicPod.ConfigMapFile> fromMount) {

    /** The pod's config, service-link variables included. */
    public static PodConfig of(MosaicPod pod) {
        return of(pod, Map.of());
    }

    /**
     * @param overrides keys set above everything else (the checks' own, e.g. where the enricher folders are)
     */
    public static PodConfig of(MosaicPod pod, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(pod.serviceLinkEnv());
        env.putAll(pod.environment());
        String file = pod.absolute(env.getOrDefault(MosaicContract.CONFIG_FILE_ENV, MosaicContract.CONFIG_FILE));
        Optional<MosaicPod.ConfigMapFile> mounted = pod.configMapFile(file);
        String content = mounted.map(MosaicPod.ConfigMapFile::content)
                .orElseGet(() -> imageConfig(pod.release().repo()));
        return new PodConfig(build(env, ConfigFilesCheck.systemProperties(pod), content, overrides), file, mounted);
    }

    public Optional<String> value(String key) {
        return config.get(key).asString().asOptional();
    }

    @SuppressWarnings("removal")
    static Config build(Map<String, String> env, Map<String, String> systemProperties, String yaml,
                        Map<String, String> overrides) {
        Config.Builder builder = Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource();
        if (!overrides.isEmpty()) {
            builder.addSource(ConfigSources.create(overrides));
        }
        return builder.addSource(ConfigSources.create(EnvironmentVariables.expand(env)))
                .addSource(ConfigSources.create(systemProperties))
                .addSource(ConfigSources.create(yaml, MediaTypes.APPLICATION_YAML))
                .build();
    }

    /** The config file baked into the image: config/application.yaml of the checkout (see the Dockerfile). */
    static String imageConfig(Path repo) {
        try {
            return Files.readString(repo.resolve(MosaicContract.CONFIG_FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
