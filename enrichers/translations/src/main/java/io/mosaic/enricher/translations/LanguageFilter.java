package io.mosaic.enricher.translations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mosaic.enricher.TransformRequest;
import io.mosaic.enricher.Transformer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Keeps, from an object of texts keyed by language tag, the languages the client named in
 * {@code Accept-Language}, in the client's order of preference. When the header is absent, malformed or
 * matches nothing, the default language is kept.
 */
final class LanguageFilter implements Transformer {

    private final String sourceField;
    private final String defaultLanguage;

    LanguageFilter(String sourceField, String defaultLanguage) {
        this.sourceField = sourceField;
        this.defaultLanguage = defaultLanguage;
    }

    @Override
    public JsonNode transform(JsonNode answer, TransformRequest request) {
        JsonNode texts = answer.path(sourceField);
        if (!texts.isObject()) {
            throw new IllegalArgumentException("expected an object at '" + sourceField + "'");
        }
        List<String> available = new ArrayList<>();
        for (Iterator<String> names = texts.fieldNames(); names.hasNext(); ) {
            available.add(names.next());
        }
        List<String> kept = request.header("Accept-Language")
                .map(header -> matching(header, available))
                .filter(list -> !list.isEmpty())
                .orElse(texts.has(defaultLanguage) ? List.of(defaultLanguage) : List.of());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        for (String tag : kept) {
            result.set(tag, texts.get(tag));
        }
        return result;
    }

    private static List<String> matching(String header, List<String> available) {
        try {
            List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
            List<String> lowerCase = Locale.filterTags(ranges, available);
            // filterTags lower-cases tags; map back to the upstream's spelling.
            List<String> result = new ArrayList<>(lowerCase.size());
            for (String tag : lowerCase) {
                available.stream().filter(a -> a.equalsIgnoreCase(tag)).findFirst().ifPresent(result::add);
            }
            return result;
        } catch (IllegalArgumentException malformed) {
            return List.of();
        }
    }
}
