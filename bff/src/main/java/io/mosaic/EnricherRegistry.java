package io.mosaic;

import io.mosaic.config.EnricherSettings;
import io.mosaic.core.Enricher;
import io.mosaic.core.Fallback;
import io.mosaic.core.Fetch;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
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
        Map<String, TransformerProvider> found = new TreeMap<>();
        for (TransformerProvider provider : ServiceLoader.load(TransformerProvider.class,
                EnricherRegistry.class.getClassLoader())) {
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
     * @throws IllegalArgumentException when the transformer's config is invalid
     */
    public Enricher create(EnricherSettings settings, Fetch fetch, Fallback fallback) {
        Transformer transformer = settings.transformer()
                .map(name -> {
                    TransformerProvider provider = providers.get(name);
                    if (provider == null) {
                        throw new IllegalArgumentException("no transformer named '" + name + "'");
                    }
                    return provider.create(settings.transformerConfig());
                })
                .orElse(Transformer.IDENTITY);
        return new Enricher(settings.name(), settings.path(), settings.field(), settings.timeout(),
                settings.required(), settings.replaces(), fetch, transformer, fallback);
    }

    /** Build an enricher without fallback, e.g. for contract tests. */
    public Enricher create(EnricherSettings settings, Fetch fetch) {
        return create(settings, fetch, new Fallback.Omit());
    }
}
