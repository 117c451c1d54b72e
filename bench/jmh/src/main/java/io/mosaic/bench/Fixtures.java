package io.mosaic.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.enricher.TransformRequest;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
import io.mosaic.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The benchmark inputs: the demo upstreams' answers for deployable 42, saved as they are served
 * ({@code src/main/resources/fixtures}), and the translations enricher's transformer, found the way Mosaic
 * finds it.
 */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            byte[] body = in.readAllBytes();
            Json.parse(body); // fail early on a broken fixture
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The fixture grown to at least {@code minBytes} by repeating its last array element or object member
     * under {@code container} (a JSON pointer), each copy under a new name: the same shape, a larger body.
     */
    static byte[] grown(byte[] body, String container, int minBytes) {
        ObjectNode root = (ObjectNode) Json.parse(body);
        JsonNode target = root.at(container);
        int copy = 0;
        byte[] out = body;
        while (out.length < minBytes) {
            copy++;
            if (target instanceof ArrayNode array) {
                ObjectNode element = (ObjectNode) array.get(array.size() - 1).deepCopy();
                element.put("name", "extra-" + copy);
                array.add(element);
            } else if (target instanceof ObjectNode object) {
                String last = object.properties().stream().reduce((a, b) -> b).orElseThrow().getKey();
                object.set(last + "-x" + copy, object.get(last).deepCopy());
            } else {
                throw new IllegalArgumentException("no array or object at " + container);
            }
            out = Json.write(root);
        }
        return out;
    }

    /** The transformer of enrichers/translations/enricher.yaml ({@code accept-language}, default config). */
    static Transformer translationsTransformer() {
        for (TransformerProvider provider : ServiceLoader.load(TransformerProvider.class)) {
            if (provider.name().equals("accept-language")) {
                return provider.create(JsonNodeFactory.instance.objectNode());
            }
        }
        throw new IllegalStateException("no accept-language TransformerProvider on the class path");
    }

    static TransformRequest request(String id, String acceptLanguage) {
        return new TransformRequest("deployables", id, JsonNodeFactory.instance.nullNode(),
                Map.of("accept-language", acceptLanguage, "x-user-id", "alice"));
    }
}
