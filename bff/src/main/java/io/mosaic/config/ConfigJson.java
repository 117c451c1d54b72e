package io.mosaic.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.config.Config;
import java.util.List;

/** Turns a config subtree into JSON, for blocks Mosaic hands to enricher classes. Values stay strings. */
final class ConfigJson {

    private ConfigJson() {
    }

    static JsonNode toJson(Config node) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (!node.exists()) {
            return f.objectNode();
        }
        return switch (node.type()) {
            case OBJECT -> {
                ObjectNode object = f.objectNode();
                for (Config child : node.asNodeList().orElse(List.of())) {
                    object.set(child.name(), toJson(child));
                }
                yield object;
            }
            case LIST -> {
                ArrayNode array = f.arrayNode();
                for (Config child : node.asNodeList().orElse(List.of())) {
                    array.add(toJson(child));
                }
                yield array;
            }
            case VALUE -> f.textNode(node.asString().get());
            case MISSING -> f.objectNode();
        };
    }
}
