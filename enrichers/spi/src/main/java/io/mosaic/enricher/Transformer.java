package io.mosaic.enricher;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one upstream answer into the fragment an enricher contributes.
 *
 * <p>Implementations are created once at startup by their {@link TransformerProvider} and called
 * concurrently from many requests, so they must be immutable and thread-safe. They run on the request's
 * virtual thread; they must not block on I/O.
 */
@FunctionalInterface
public interface Transformer {

    /** The transformer that returns the upstream answer unchanged. */
    Transformer IDENTITY = (answer, request) -> answer;

    /**
     * Transform an upstream answer.
     *
     * @param answer  the parsed JSON body the enrichment service returned; a number with a fraction or an exponent
     *                is an exact {@code DecimalNode} ({@code decimalValue()}), never a double
     * @param request what the client asked for
     * @return the value to place in the enricher's field; {@code null} or a JSON null means "nothing to add"
     * @throws IllegalArgumentException when the answer does not have the expected shape; the enrichment is
     *                                  then degraded with {@code reason=bad-response}
     */
    JsonNode transform(JsonNode answer, TransformRequest request);
}
