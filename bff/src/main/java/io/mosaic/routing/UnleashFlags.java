package io.mosaic.routing;

import io.getunleash.DefaultUnleash;
import io.getunleash.Unleash;
import io.getunleash.UnleashException;
import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.event.UnleashSubscriber;
import io.getunleash.util.UnleashConfig;
import io.mosaic.config.UnleashSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Unleash client and where its flags came from. When the server is unreachable Mosaic still starts and
 * serves, falling back in this order: the SDK's backup file, then the bootstrap file, then each flag's
 * configured default.
 */
public final class UnleashFlags implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UnleashFlags.class.getName());

    /** Where the flags in use came from. */
    public enum Source { NONE, BOOTSTRAP, BACKUP, SERVER }

    private final AtomicReference<Source> source;
    private final Unleash unleash;

    private UnleashFlags(Unleash unleash, AtomicReference<Source> source) {
        this.unleash = unleash;
        this.source = source;
    }

    /** Wrap a client whose flags are already in place, e.g. {@code FakeUnleash} in tests. */
    public static UnleashFlags of(Unleash unleash) {
        return new UnleashFlags(unleash, new AtomicReference<>(Source.SERVER));
    }

    /**
     * Start the SDK: it reads the backup (or bootstrap) file now and polls the server in the background.
     *
     * @throws UncheckedIOException when the bootstrap file exists but holds no flag set
     */
    public static UnleashFlags start(UnleashSettings settings) {
        Loaded loaded = initialSource(settings);
        AtomicReference<Source> source = new AtomicReference<>(loaded.source());
        if (source.get() != Source.NONE) {
            LOG.log(Level.INFO, "Unleash flags loaded from the " + source.get().name().toLowerCase()
                    + " file until the server answers");
        }
        UnleashConfig.Builder config = UnleashConfig.builder()
                .appName(settings.appName())
                .instanceId(settings.instanceId())
                .fetchTogglesInterval(Math.max(1, settings.refreshInterval().toSeconds()))
                .backupFile(settings.backupFile().toString())
                .synchronousFetchOnInitialisation(false)
                .scheduledExecutor(UnleashTasks.create())
                .subscriber(new SourceTracker(source));
        settings.environment().ifPresent(config::environment);
        settings.bootstrapFile().ifPresent(file -> config.toggleBootstrapProvider(() -> read(file)));
        if (settings.url().isPresent()) {
            config.unleashAPI(settings.url().get());
            String token = System.getenv(settings.apiTokenEnv());
            if (token == null || token.isBlank()) {
                LOG.log(Level.WARNING, "no Unleash API token in $" + settings.apiTokenEnv()
                        + "; the server will likely refuse Mosaic");
            } else {
                config.apiKey(token);
            }
        } else {
            config.unleashAPI("http://127.0.0.1:9/api").disablePolling();
            LOG.log(Level.WARNING, "no mosaic.unleash.url: Mosaic runs offline, and routing follows "
                    + (loaded.source() == Source.NONE ? "each flag's configured default"
                            : "the flags of the " + loaded.source().name().toLowerCase() + " file")
                    + " until it restarts; set MOSAIC_UNLEASH_URL for flag changes to take effect without a restart");
        }
        if (!settings.sendMetrics() || settings.url().isEmpty()) {
            config.disableMetrics();
        }
        removeLeftoverEngines(Path.of(System.getProperty("java.io.tmpdir")));
        Unleash unleash = new DefaultUnleash(config.build());
        if (loaded.flags() > 0 && unleash.more().getFeatureToggleNames().isEmpty()
                && source.compareAndSet(loaded.source(), Source.NONE)) {
            LOG.log(Level.WARNING, "Unleash refused the flags of the " + loaded.source().name().toLowerCase()
                    + " file; no flags until the server answers");
        }
        return new UnleashFlags(unleash, source);
    }

    /** Before the SDK writes its own copy of the engine: the copies killed processes left (NativeLibraryLeftovers). */
    private static void removeLeftoverEngines(Path tmpdir) {
        NativeLibraryLeftovers.Removed removed = NativeLibraryLeftovers.sweep(tmpdir, Instant.now());
        if (removed.copies() > 0) {
            LOG.log(Level.INFO, "removed " + removed.copies() + " cop" + (removed.copies() == 1 ? "y" : "ies") + " ("
                    + removed.bytes() / 1024 + " KiB) of the Unleash engine's native library from " + tmpdir
                    + ", left by processes that did not exit normally");
        }
    }

    /**
     * The SDK restores its backup file whenever it can read it, and uses the bootstrap file only when there is no
     * backup file. A backup file it cannot parse (cut short by a kill or a full disk while the SDK rewrote it)
     * would leave it with no flags at all, so such a file is moved aside first, and the bootstrap file is used.
     */
    private static Loaded initialSource(UnleashSettings settings) {
        Path backup = settings.backupFile();
        if (Files.exists(backup)) {
            FlagSet flags = FlagSet.read(backup);
            if (flags.problem().isEmpty()) {
                return new Loaded(Source.BACKUP, flags.size());
            }
            setAside(backup, flags.problem().get());
        }
        Optional<Path> bootstrap = settings.bootstrapFile().filter(Files::isRegularFile);
        if (bootstrap.isEmpty()) {
            return new Loaded(Source.NONE, 0);
        }
        FlagSet flags = FlagSet.read(bootstrap.get());
        flags.problem().ifPresent(problem -> {
            throw new UncheckedIOException(new IOException("Unleash bootstrap file " + bootstrap.get() + ": "
                    + problem));
        });
        return new Loaded(Source.BOOTSTRAP, flags.size());
    }

    /** Where the SDK finds its flags at start, and how many the file holds. */
    private record Loaded(Source source, int flags) {
    }

    private static void setAside(Path backup, String problem) {
        Path aside = backup.resolveSibling(backup.getFileName() + ".unusable");
        try {
            Files.move(backup, aside, StandardCopyOption.REPLACE_EXISTING);
            LOG.log(Level.WARNING, "Unleash backup file " + backup + " is not a flag set (" + problem
                    + "); moved to " + aside + " so that the bootstrap file is used until the server answers");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Unleash backup file " + backup + " is not a flag set (" + problem
                    + ") and cannot be moved aside (" + e + "); no flags until the server answers");
        }
    }

    /**
     * Read the bootstrap file. The SDK's classpath loader fails inside a jar, so Mosaic reads files itself.
     */
    static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Unleash bootstrap file " + file, e);
        }
    }

    public Unleash unleash() {
        return unleash;
    }

    public Source source() {
        return source.get();
    }

    /** Whether flags are loaded from the server, the backup file or the bootstrap file. */
    public boolean loaded() {
        return source.get() != Source.NONE;
    }

    @Override
    public void close() {
        unleash.shutdown();
    }

    /** Follows the SDK's events to know where the flags in use came from. */
    private record SourceTracker(AtomicReference<Source> source) implements UnleashSubscriber {

        @Override
        public void togglesFetched(ClientFeaturesResponse response) {
            if (response.getStatus() == ClientFeaturesResponse.Status.UNAVAILABLE) {
                // an answer other than 200 or 304: the SDK keeps the flags it has, and may poll less often
                LOG.log(Level.WARNING, "Unleash answered " + response.getHttpStatusCode() + "; the flags in use stay "
                        + where(source.get()));
            } else if (source.getAndSet(Source.SERVER) != Source.SERVER) {
                LOG.log(Level.INFO, "Unleash flags loaded from the server");
            }
        }

        private static String where(Source source) {
            return switch (source) {
                case SERVER -> "those of the server's last answer";
                case BACKUP -> "those of the backup file";
                case BOOTSTRAP -> "those of the bootstrap file";
                case NONE -> "none: each flag's default decides";
            };
        }

        @Override
        public void onError(UnleashException error) {
            LOG.log(Level.WARNING, "Unleash: " + error.getMessage());
        }
    }
}
