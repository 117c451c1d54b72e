package io.mosaic.enricher.translations;

import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerConfig;
import io.mosaic.enricher.TransformerProvider;
import java.util.Set;

/**
 * Provides the {@code accept-language} transformer.
 *
 * <p>Config keys: {@code source-field} (default {@value #DEFAULT_SOURCE_FIELD}), the object of texts keyed
 * by language tag; {@code default-language} (default {@value #DEFAULT_LANGUAGE}), kept when the client's
 * languages match nothing.
 */
public final class LanguageFilterProvider implements TransformerProvider {

    public static final String NAME = "accept-language";
    public static final String DEFAULT_SOURCE_FIELD = "texts";
    public static final String DEFAULT_LANGUAGE = "en";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Transformer create(JsonNode config) {
        TransformerConfig.requireKnownKeys(config, Set.of("source-field", "default-language"));
        String sourceField = text(config, "source-field", DEFAULT_SOURCE_FIELD);
        String defaultLanguage = text(config, "default-language", DEFAULT_LANGUAGE);
        return new LanguageFilter(sourceField, defaultLanguage);
    }

    private static String text(JsonNode config, String key, String defaultValue) {
        JsonNode value = config == null ? null : config.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("transformer.config." + key + " must be a non-empty string");
        }
        return value.asText();
    }
}
