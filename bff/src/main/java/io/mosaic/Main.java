package io.mosaic;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import io.mosaic.config.EnvironmentValues;
import io.mosaic.config.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import sun.misc.Signal;

/**
 * Starts Mosaic. The config file is the first argument, else {@code MOSAIC_CONFIG} (or {@code -Dmosaic.config}),
 * else {@code config/application.yaml}. Environment variables override any key the Helidon way:
 * {@code SERVER_PORT}, {@code MOSAIC_UPSTREAMS_MONOLITH_URI}, {@code MOSAIC_DEADLINE}, and {@code _dash_} for
 * a {@code -} in a key. SIGTERM or SIGINT drains and stops gracefully, then exits 0.
 */
public final class Main {

    public static final String DEFAULT_CONFIG = "config/application.yaml";

    /** The environment variable naming the config file. */
    public static final String CONFIG_ENV = "MOSAIC_CONFIG";

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Path file = Path.of(args.length > 0 ? args[0] : configFromEnvironment());
        if (!Files.isRegularFile(file)) {
            System.err.println("Mosaic: config file not found: " + file.toAbsolutePath());
            System.exit(2);
        }
        // Handlers first: a SIGTERM during startup or warm-up drains as soon as the server exists.
        CompletableFuture<MosaicServer> started = new CompletableFuture<>();
        Runnable drainThenExit = () -> {
            try {
                started.get().drainAndStop();
            } catch (InterruptedException | ExecutionException e) {
                // startup failed or was interrupted: nothing to drain
            }
            System.exit(0);
        };
        for (String signal : new String[] {"TERM", "INT"}) {
            try {
                // Not a daemon, as it would be by inheriting from the signal's thread: the JVM would end as soon as the
                // web server's threads do, in the middle of the drain, before the rest of Mosaic is closed.
                Signal.handle(new Signal(signal), s -> Thread.ofPlatform().daemon(false).name("mosaic-shutdown")
                        .start(drainThenExit));
            } catch (IllegalArgumentException e) {
                System.getLogger(Main.class.getName()).log(System.Logger.Level.WARNING, "SIG" + signal
                        + " cannot be handled (" + e.getMessage() + "): Mosaic will stop without draining");
            }
        }
        try {
            started.complete(MosaicServer.start(load(file), file));
        } catch (InvalidConfigException e) {
            System.err.println("Mosaic: " + e.getMessage());
            System.exit(2);
        } catch (RuntimeException e) {
            // exit non-zero even when threads started so far would keep the JVM alive
            started.completeExceptionally(e);
            System.err.println("Mosaic: did not start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
    }

    /** Environment variables first, then system properties, then the file: the first source that has a key wins. */
    public static Config load(Path file) {
        return Config.builder()
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .addSource(EnvironmentValues.create())
                .addSource(ConfigSources.systemProperties())
                .addSource(ConfigSources.file(file))
                .build();
    }

    private static String configFromEnvironment() {
        String fromEnv = System.getenv(CONFIG_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : System.getProperty("mosaic.config", DEFAULT_CONFIG);
    }
}
