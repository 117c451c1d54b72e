package io.mosaic.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads every {@code <folder>/enricher.yaml} under the enrichers directory, in folder-name order. A folder with
 * other YAML files but no {@code enricher.yaml} is a problem, unless it is hidden (such as a mounted volume's
 * {@code ..data}); folders without YAML files (such as {@code spi/}) are passed over.
 */
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
            folders = children.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            problems.add("mosaic.enrichers-directory", "cannot list " + directory + ": " + e.getMessage());
            return List.of();
        }
        List<EnricherSettings> enrichers = new ArrayList<>();
        for (Path folder : folders) {
            if (Files.isRegularFile(folder.resolve(FILE_NAME))) {
                read(folder, problems).ifPresent(enrichers::add);
            } else if (!folder.getFileName().toString().startsWith(".")) {
                misnamed(folder, problems);
            }
        }
        return enrichers;
    }

    /** A folder with YAML files but no enricher.yaml most likely holds an enricher under the wrong file name. */
    private static void misnamed(Path folder, ConfigProblems problems) {
        try (Stream<Path> files = Files.list(folder)) {
            List<String> yaml = files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml")).sorted().toList();
            if (!yaml.isEmpty()) {
                problems.add(folder.toString(), "has " + String.join(", ", yaml) + " but no " + FILE_NAME
                        + ": an enricher's config must be " + folder.resolve(FILE_NAME));
            }
        } catch (IOException e) {
            problems.add(folder.toString(), "cannot list: " + e.getMessage());
        }
    }

    /** Read one enricher folder. */
    public static java.util.Optional<EnricherSettings> read(Path folder, ConfigProblems problems) {
        Path file = folder.resolve(FILE_NAME);
        String source = file.toString();
        DuplicateKeys.report(file, problems);
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
