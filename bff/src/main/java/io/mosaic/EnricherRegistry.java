package io.mosaic;

import io.mosaic.config.EnricherFolders;
import io.mosaic.config.EnricherSettings;
import io.mosaic.config.MosaicConfig;
import io.mosaic.core.Enricher;
import io.mosaic.core.Fallback;
import io.mosaic.core.Fetch;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The transformers on the class path, found with {@link ServiceLoader}, and the one way to turn an
 * {@link EnricherSettings} into a runnable {@link Enricher}: Mosaic's startup and the enricher contract
 * tests both build enrichers here.
 */
public final class EnricherRegistry {

    private final Map<String, TransformerProvider> providers;

    private EnricherRegistry(Map<String, TransformerProvider> providers) {
        this.providers = Map.copyOf(providers);
    }

    /** Every {@link TransformerProvider} visible to this class's loader. */
    public static EnricherRegistry load() {
        List<TransformerProvider> found = new ArrayList<>();
        ServiceLoader.load(TransformerProvider.class, EnricherRegistry.class.getClassLoader()).forEach(found::add);
        return of(found);
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
