package io.mosaic.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads every {@code <folder>/enricher.yaml} under the enrichers directory, in folder-name order. */
public final class EnricherFolders {

    public static final String FILE_NAME = "enricher.yaml";

    private EnricherFolders() {
    }

    public static List<EnricherSettings> load(Path directory, ConfigProblems problems) {
        if (!Files.isDirectory(directory)) {
            problems.add("mosaic.enrichers-directory", "no such folder: " + directory.toAbsolutePath()
                    + " (run from the checkout root, or set MOSAIC_ENRICHERS_dash_DIRECTORY)");
            return List.of();
        }
        List<Path> folders;
        try (Stream<Path> children = Files.list(directory)) {
            folders = children.filter(p -> Files.isRegularFile(p.resolve(FILE_NAME))).sorted().toList();
        } catch (IOException e) {
            problems.add("mosaic.enrichers-directory", "cannot list " + directory + ": " + e.getMessage());
            return List.of();
        }
        List<EnricherSettings> enrichers = new ArrayList<>();
        for (Path folder : folders) {
            read(folder, problems).ifPresent(enrichers::add);
        }
        return enrichers;
    }

    /** Read one enricher folder. */
    public static java.util.Optional<EnricherSettings> read(Path folder, ConfigProblems problems) {
        Path file = folder.resolve(FILE_NAME);
        String source = file.toString();
        try {
            Config config = Config.builder(ConfigSources.file(file))
                    .disableEnvironmentVariablesSource()
                    .disableSystemPropertiesSource()
                    .disableValueResolving()
                    .build();
            return java.util.Optional.of(EnricherSettings.create(folder, ConfigReader.of(config, source, problems)));
        } catch (ConfigException e) {
            problems.add(source, "cannot read: " + e.getMessage());
            return java.util.Optional.empty();
        }
    }
}
