package io.mosaic.k8s;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.logging.Level;

/**
 * Every file a ConfigMap puts into the container is read by something: the files of config/ by Mosaic, and files
 * named by a JVM option (e.g. {@code -Djava.util.logging.config.file}). A file a JVM option names must be there,
 * and a logging.properties must name only levels java.util.logging knows (it has no DEBUG).
 */
final class ConfigFilesCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            PodConfig config = PodConfig.of(pod);
            Map<String, String> properties = systemProperties(pod);
            List<String> read = new ArrayList<>();
            read.add(config.file());
            read.add(pod.absolute(config.value(MosaicContract.UNLEASH_BOOTSTRAP_FILE_KEY)
                    .orElse(MosaicContract.DEFAULT_BOOTSTRAP_FILE)));
            // The rest of config/ is there because the mount hides the image's copy (MosaicConfigCheck).
            MosaicContract.configFiles(release.repo()).forEach(f -> read.add(pod.absolute(
                    MosaicContract.CONFIG_DIR + "/" + f.getFileName())));
            properties.values().stream().filter(v -> v.startsWith("/") || v.contains("/"))
                    .map(pod::absolute).forEach(read::add);

            String loggingFile = properties.get(MosaicContract.LOGGING_CONFIG_PROPERTY);
            if (loggingFile != null) {
                Optional<MosaicPod.ConfigMapFile> file = pod.configMapFile(loggingFile);
                if (file.isEmpty()) {
                    problems.add(pod.where("env[JAVA_TOOL_OPTIONS]"), "-D" + MosaicContract.LOGGING_CONFIG_PROPERTY
                            + "=" + loggingFile + ", but no ConfigMap of this release puts a file there");
                } else {
                    checkLevels(file.get(), problems);
                }
            }
            pod.configMapMounts().forEach((mountPath, configMapVolume) -> release
                    .find("ConfigMap", configMapVolume.path("name").asText())
                    .ifPresent(configMap -> configMap.path("data").fieldNames().forEachRemaining(key -> {
                        String path = mountPath + "/" + key;
                        if (!read.contains(path)) {
                            problems.add("ConfigMap/" + configMap.path("metadata").path("name").asText() + ": data["
                                    + key + "]", "mounted at " + path + ", but nothing reads it (Mosaic reads "
                                    + config.file() + "; the JVM reads files named by -D options)");
                        }
                    })));
        });
    }

    /** The {@code -Dname=value} options the JVM gets from the image's command and the JVM variables. */
    static Map<String, String> systemProperties(MosaicPod pod) {
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> options = new ArrayList<>(pod.release().image().javaOptions());
        for (String variable : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
            String value = pod.environment().get(variable);
            if (value != null) {
                options.addAll(List.of(value.trim().split("\\s+")));
            }
        }
        for (String option : options) {
            if (option.startsWith("-D") && option.contains("=")) {
                properties.put(option.substring(2, option.indexOf('=')), option.substring(option.indexOf('=') + 1));
            }
        }
        return properties;
    }

    private static void checkLevels(MosaicPod.ConfigMapFile file, Problems problems) {
        Properties logging = new Properties();
        try {
            logging.load(new StringReader(file.content()));
        } catch (IOException | IllegalArgumentException e) {
            problems.add("ConfigMap/" + file.configMap() + ": data[" + file.key() + "]", "not a properties file: "
                    + e.getMessage());
            return;
        }
        for (String name : logging.stringPropertyNames()) {
            if (name.endsWith(".level") || name.equals("level")) {
                String level = logging.getProperty(name).trim();
                try {
                    Level.parse(level);
                } catch (IllegalArgumentException e) {
                    problems.add("ConfigMap/" + file.configMap() + ": data[" + file.key() + "]", name + "=" + level
                            + " is not a java.util.logging level (SEVERE, WARNING, INFO, CONFIG, FINE, FINER, FINEST,"
                            + " ALL, OFF); the JVM would ignore it");
                }
            }
        }
    }
}
