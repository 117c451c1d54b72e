package io.mosaic.enricher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** Checks a transformer's config block, so that every provider rejects typos the same way. */
public final class TransformerConfig {

    private TransformerConfig() {
    }

    /**
     * Fail on any key of {@code config} that is not in {@code known}.
     *
     * @throws IllegalArgumentException naming the first unknown key, or when config is not an object
     */
    public static void requireKnownKeys(JsonNode config, Set<String> known) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return;
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException("transformer.config must be an object");
        }
        for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown key 'transformer.config." + name
                        + "'; known keys: " + known.stream().sorted().toList());
            }
        }
    }
}
