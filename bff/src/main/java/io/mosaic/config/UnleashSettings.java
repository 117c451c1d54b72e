package io.mosaic.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code mosaic.unleash}: where flags come from. The API token is never in config: it is read from the
 * environment variable named by {@code api-token-env}.
 *
 * @param url             the Unleash API, e.g. {@code https://unleash.internal/api}; empty means offline
 *                        (backup and bootstrap files only)
 * @param appName         the application name Unleash sees
 * @param instanceId      this replica's id (the pod name in Kubernetes)
 * @param environment     the Unleash context environment, if set
 * @param refreshInterval how often flags are fetched
 * @param backupFile      the SDK's backup file, on a writable volume; it wins over the bootstrap file
 * @param bootstrapFile   flags used when there is neither a server answer nor a backup
 * @param apiTokenEnv     the environment variable holding the API token
 * @param sendMetrics     whether the SDK reports usage metrics to Unleash
 */
public record UnleashSettings(Optional<URI> url, String appName, String instanceId, Optional<String> environment,
                              Duration refreshInterval, Path backupFile, Optional<Path> bootstrapFile,
                              String apiTokenEnv, boolean sendMetrics) {

    public static final String DEFAULT_APP_NAME = "mosaic";
    public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(5);
    public static final String DEFAULT_BOOTSTRAP_FILE = "config/unleash-bootstrap.json";
    public static final String DEFAULT_API_TOKEN_ENV = "UNLEASH_API_TOKEN";

    static UnleashSettings create(ConfigReader config) {
        config.allowOnly("url", "app-name", "instance-id", "environment", "refresh-interval", "backup-file",
                "bootstrap-file", "api-token-env", "send-metrics");
        Optional<URI> url = config.optionalString("url").map(raw -> config.uri("url"));
        Duration refresh = config.duration("refresh-interval", DEFAULT_REFRESH_INTERVAL);
        if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
            config.problems().add(config.where("refresh-interval"), "must be at least PT1S");
        }
        String hostname = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse("local");
        Path backup = Path.of(config.string("backup-file",
                Path.of(System.getProperty("java.io.tmpdir"), "mosaic-unleash-backup.json").toString()));
        Optional<Path> bootstrap = Optional.of(config.string("bootstrap-file", DEFAULT_BOOTSTRAP_FILE))
                .filter(s -> !s.equalsIgnoreCase("none")).map(Path::of);
        return new UnleashSettings(url, config.string("app-name", DEFAULT_APP_NAME),
                config.string("instance-id", hostname), config.optionalString("environment"), refresh, backup,
                bootstrap, config.string("api-token-env", DEFAULT_API_TOKEN_ENV), config.bool("send-metrics", true));
    }
}
