package io.mosaic.k8s;

import io.mosaic.Main;
import io.mosaic.config.ShutdownSettings;
import io.mosaic.config.UnleashSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Mosaic reads from its environment besides config keys, taken from Mosaic's own constants where it has
 * them. Config keys themselves are judged by Mosaic's strict loader ({@link MosaicConfigCheck}), not listed here.
 */
final class MosaicContract {

    /** The config file, relative to the working directory, unless {@link #CONFIG_FILE_ENV} names another. */
    static final String CONFIG_FILE = Main.DEFAULT_CONFIG;
    static final String CONFIG_FILE_ENV = "MOSAIC_CONFIG";
    /** The folder of config files in the checkout and, under the working directory, in the image. */
    static final String CONFIG_DIR = "config";
    /** Files in config/ that configure the manifests, not Mosaic. */
    static final Set<String> NOT_FOR_MOSAIC = Set.of("kustomization.yaml");
    /** Read by the JVM. */
    static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    /** The {@code server.*} keys Mosaic sets; Helidon ignores unknown server keys silently, so others are refused. */
    static final Set<String> SERVER_KEYS = Set.of("host", "port");
    static final Set<String> ALL_INTERFACES = Set.of("0.0.0.0", "::", "0:0:0:0:0:0:0:0", "[::]");

    static final String DRAIN_DELAY_KEY = "mosaic.shutdown.drain-delay";
    static final String GRACE_PERIOD_KEY = "mosaic.shutdown.grace-period";
    static final Duration DEFAULT_DRAIN_DELAY = ShutdownSettings.DEFAULT_DRAIN_DELAY;
    static final Duration DEFAULT_GRACE_PERIOD = ShutdownSettings.DEFAULT_GRACE_PERIOD;
    /** Time left after the grace period for the JVM to finish exiting before the kubelet kills it. */
    static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

    static final String UNLEASH_URL_KEY = "mosaic.unleash.url";
    static final String UNLEASH_BACKUP_FILE_KEY = "mosaic.unleash.backup-file";
    static final String UNLEASH_BOOTSTRAP_FILE_KEY = "mosaic.unleash.bootstrap-file";
    static final String DEFAULT_BOOTSTRAP_FILE = UnleashSettings.DEFAULT_BOOTSTRAP_FILE;
    static final String UNLEASH_TOKEN_ENV_KEY = "mosaic.unleash.api-token-env";
    static final String DEFAULT_UNLEASH_TOKEN_ENV = UnleashSettings.DEFAULT_API_TOKEN_ENV;
    static final String ENRICHERS_DIRECTORY_KEY = "mosaic.enrichers-directory";

    static final String LOGGING_CONFIG_PROPERTY = "java.util.logging.config.file";
    static final String TMPDIR_PROPERTY = "java.io.tmpdir";
    static final String DEFAULT_TMPDIR = "/tmp";

    private MosaicContract() {
    }

    /** The files of config/ that the image carries in WORKDIR/config (see the Dockerfile). */
    static List<Path> configFiles(Path repo) {
        try (Stream<Path> files = Files.list(repo.resolve(CONFIG_DIR))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !NOT_FOR_MOSAIC.contains(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable that holds the Unleash API token. */
    static String tokenEnv(PodConfig config) {
        return config.value(UNLEASH_TOKEN_ENV_KEY).orElse(DEFAULT_UNLEASH_TOKEN_ENV);
    }
}
