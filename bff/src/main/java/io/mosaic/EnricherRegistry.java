package io.mosaic;

import io.mosaic.config.EnricherFolders;
import io.mosaic.config.EnricherSettings;
import io.mosaic.config.InvalidConfigException;
import io.mosaic.config.MosaicConfig;
import io.mosaic.core.Enricher;
import io.mosaic.core.Fallback;
import io.mosaic.core.Fetch;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transformers on the class path, found with {@link ServiceLoader}, and the one way to turn an
 * {@link EnricherSettings} into a runnable {@link Enricher}: Mosaic's startup and the enricher contract
 * tests both build enrichers here.
 */
public final class EnricherRegistry {

    /** The JDK's errors name the class: {@code <service>: Provider <class> not found} (or not a subtype, ...). */
    private static final Pattern PROVIDER = Pattern.compile("Provider ([\\p{L}\\p{N}_$.]+)");

    private final Map<String, TransformerProvider> providers;

    private EnricherRegistry(Map<String, TransformerProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    /** Every {@link TransformerProvider} visible to this class's loader. */
    public static EnricherRegistry load() {
        return load(EnricherRegistry.class.getClassLoader());
    }

    /**
     * Every {@link TransformerProvider} that {@code loader} finds.
     *
     * @throws InvalidConfigException when a provider that a {@code META-INF/services} file names cannot be loaded
     *                                (a misspelt or missing class, one that is not a provider, one whose constructor
     *                                fails): the message names the file, which the JDK's own error leaves out
     */
    static EnricherRegistry load(ClassLoader loader) {
        List<TransformerProvider> found = new ArrayList<>();
        try {
            ServiceLoader.load(TransformerProvider.class, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            Matcher provider = PROVIDER.matcher(String.valueOf(e.getMessage()));
            throw new InvalidConfigException(List.of(servicesFiles(loader, provider.find() ? provider.group(1) : null)
                    + ": " + e.getMessage()));
        }
        return of(found);
    }

    /**
     * The {@code META-INF/services} files for {@link TransformerProvider} on the class path that name {@code provider}
     * (all of them when none does, or the provider is not known), by their URLs: a jar's and a folder's alike.
     */
    private static String servicesFiles(ClassLoader loader, String provider) {
        String name = "META-INF/services/" + TransformerProvider.class.getName();
        try {
            List<URL> files = Collections.list(loader.getResources(name));
            List<URL> naming = files.stream().filter(file -> provider != null && names(file, provider)).toList();
            List<URL> shown = naming.isEmpty() ? files : naming;
            return shown.isEmpty() ? name : String.join(", ", shown.stream().map(URL::toString).toList());
        } catch (IOException e) {
            return name;
        }
    }

    /** Whether a services file lists {@code provider} (one class per line, {@code #} starts a comment). */
    private static boolean names(URL file, String provider) {
        try (InputStream in = file.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .anyMatch(provider::equals);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The given providers, e.g. a test's own.
     *
     * @throws IllegalStateException when two have the same name
     */
    public static EnricherRegistry of(List<? extends TransformerProvider> providers) {
        Map<String, TransformerProvider> found = new TreeMap<>();
        for (TransformerProvider provider : providers) {
            TransformerProvider previous = found.putIfAbsent(provider.name(), provider);
            if (previous != null) {
                throw new IllegalStateException("two transformers named '" + provider.name() + "': "
                        + previous.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return new EnricherRegistry(found);
    }

    public boolean has(String transformer) {
        return providers.containsKey(transformer);
    }

    /**
     * Build an enricher.
     *
     * @param settings its settings
     * @param fetch    its call pipeline, resilience included
     * @param fallback what serves when its call fails
     * @throws IllegalArgumentException when its transformer is not on the class path, rejects its config, fails
     *                                  otherwise to be created (a bug, a class that cannot load) or is null; the
     *                                  message names the enricher's file and key
     */
    public Enricher create(EnricherSettings settings, Fetch fetch, Fallback fallback) {
        Transformer transformer = settings.transformer().map(name -> transformer(settings, name))
                .orElse(Transformer.IDENTITY);
        return new Enricher(settings.name(), settings.path(), settings.field(), settings.timeout(),
                settings.required(), settings.replaces(), fetch, transformer, fallback);
    }

    private Transformer transformer(EnricherSettings settings, String name) {
        String file = settings.folder().resolve(EnricherFolders.FILE_NAME).toString();
        TransformerProvider provider = providers.get(name);
        if (provider == null) {
            throw new IllegalArgumentException(file + ": transformer.name: " + MosaicConfig.unknownTransformer(name));
        }
        Transformer transformer;
        try {
            transformer = provider.create(settings.transformerConfig());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": transformer.config: " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            // a bug in the provider, or a class of the enricher module that cannot be loaded or initialised
            throw new IllegalArgumentException(file + ": transformer.config: transformer '" + name
                    + "' could not be created from it: " + e, e);
        }
        if (transformer == null) {
            throw new IllegalArgumentException(file + ": transformer.name: the provider of '" + name + "' ("
                    + provider.getClass().getName() + ") returned no transformer");
        }
        return transformer;
    }

    /** Build an enricher without fallback, e.g. for contract tests. */
    public Enricher create(EnricherSettings settings, Fetch fetch) {
        return create(settings, fetch, new Fallback.Omit());
    }
}
