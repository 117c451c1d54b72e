package io.mosaic.core;

import com.fasterxml.jackson.databind.JsonNode;

/** What one enricher contributed to one request. */
public sealed interface EnrichmentOutcome {

    /**
     * The value for the enricher's field.
     *
     * @param value    the value
     * @param fallback when a fallback served it: why the call failed and which fallback served; else null
     */
    record Value(JsonNode value, Degradation fallback) implements EnrichmentOutcome {

        public Value(JsonNode value) {
            this(value, null);
        }
    }

    /**
     * No value; the enrichment is degraded.
     *
     * @param degradation what the client is told in {@code Mosaic-Degraded}
     * @param detail      a human-readable explanation for logs
     */
    record Missing(Degradation degradation, String detail) implements EnrichmentOutcome {
    }
}
