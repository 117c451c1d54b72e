package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The elements of an array configured as keyed, by the text of their key. A string key is its text; a numeric key
 * is its canonical value ({@code 42} and {@code 42.0} are both {@code 42}); a boolean key is {@code true} or
 * {@code false}. So the string {@code "42"} and the number {@code 42} are the same key, and a change of the key's
 * type shows as a {@code type-differs} at the key field instead of as two missing elements.
 */
final class KeyedElements {

    private KeyedElements() {
    }

    /**
     * @return the elements by key in array order, or empty when the array cannot be keyed: an element is not an
     *         object, its key is absent, {@code null}, an object or an array, or two elements share a key
     */
    static Optional<Map<String, JsonNode>> index(JsonNode array, String keyField) {
        Map<String, JsonNode> byKey = LinkedHashMap.newLinkedHashMap(array.size());
        for (JsonNode element : array) {
            JsonNode key = element.isObject() ? element.get(keyField) : null;
            if (key == null || !(key.isTextual() || key.isNumber() || key.isBoolean())) {
                return Optional.empty();
            }
            String text = key.isNumber() ? NumericEquality.canonicalText(key) : key.asText();
            if (byKey.putIfAbsent(text, element) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(byKey);
    }
}
