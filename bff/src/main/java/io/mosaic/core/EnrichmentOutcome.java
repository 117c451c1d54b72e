package io.mosaic.core;

import com.fasterxml.jackson.databind.JsonNode;

/** What one enricher contributed to one request. */
public sealed interface EnrichmentOutcome {

    /** The value for the enricher's field. */
    record Value(JsonNode value) implements EnrichmentOutcome {
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
