package io.mosaic.enricher;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Creates a {@link Transformer} from its config block. Found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/io.mosaic.enricher.TransformerProvider}.
 *
 * <p>An enricher's {@code enricher.yaml} names its transformer with {@code transformer.name}, which must equal
 * {@link #name()}, and passes {@code transformer.config} to {@link #create(JsonNode)}.
 */
public interface TransformerProvider {

    /** The name an {@code enricher.yaml} uses to select this transformer. */
    String name();

    /**
     * Build a transformer from its config block.
     *
     * @param config the {@code transformer.config} object; an empty object when absent. Its values are JSON
     *               strings, as YAML config gives them ({@code max-items: 5} arrives as {@code "5"}): read
     *               them with {@link JsonNode#asInt()} or {@link JsonNode#asBoolean()}, not by checking
     *               {@link JsonNode#isInt()}
     * @return an immutable, thread-safe transformer
     * @throws IllegalArgumentException when the config is invalid, including an unknown key; the message
     *                                  names the key. Mosaic then refuses to start, naming the enricher's file;
     *                                  it does the same when this method throws anything else or returns null.
     */
    Transformer create(JsonNode config);
}
