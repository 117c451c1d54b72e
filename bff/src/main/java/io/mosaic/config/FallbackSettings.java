package io.mosaic.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * An enricher's {@code fallback}.
 *
 * @param type  which fallback serves when the call fails
 * @param value the JSON value of a {@code static} fallback
 */
public record FallbackSettings(Type type, Optional<JsonNode> value) {

    /** The kinds of fallback. */
    public enum Type {
        OMIT, STATIC, STALE, MONOLITH;

        /** @throws IllegalArgumentException for an unknown name */
        public static Type of(String name) {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }
}
