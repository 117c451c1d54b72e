package io.mosaic.enricher.translations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.mosaic.enricher.TransformRequest;
import io.mosaic.enricher.Transformer;
import io.mosaic.enricher.TransformerProvider;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class LanguageFilterProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ANSWER = """
            {"entityId":"42","texts":{"en":{"title":"Deploy"},"de":{"title":"Bereitstellen"},"fr":{"title":"Déployer"}}}
            """;

    private final Transformer filter = provider().create(JSON.createObjectNode());

    private static TransformerProvider provider() {
        return ServiceLoader.load(TransformerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals(LanguageFilterProvider.NAME))
                .findFirst()
                .orElseThrow();
    }

    private JsonNode run(Map<String, String> headers) throws Exception {
        return filter.transform(JSON.readTree(ANSWER),
                new TransformRequest("deployables", "42", NullNode.getInstance(), headers));
    }

    @Test
    void keepsRequestedLanguagesInPreferenceOrder() throws Exception {
        JsonNode result = run(Map.of("accept-language", "fr-CH, fr;q=0.9, de;q=0.8"));
        assertEquals(JSON.readTree("{\"fr\":{\"title\":\"Déployer\"},\"de\":{\"title\":\"Bereitstellen\"}}"), result);
        assertEquals("fr", result.fieldNames().next());
    }

    @Test
    void fallsBackToDefaultLanguage() throws Exception {
        assertEquals(JSON.readTree("{\"en\":{\"title\":\"Deploy\"}}"), run(Map.of()));
        assertEquals(JSON.readTree("{\"en\":{\"title\":\"Deploy\"}}"), run(Map.of("accept-language", "ja")));
        assertEquals(JSON.readTree("{\"en\":{\"title\":\"Deploy\"}}"), run(Map.of("accept-language", ";;;q=x")));
    }

    @Test
    void rejectsAnswerWithoutTexts() {
        assertThrows(IllegalArgumentException.class, () -> filter.transform(JSON.readTree("{\"x\":1}"),
                new TransformRequest("deployables", "42", NullNode.getInstance(), Map.of())));
    }

    @Test
    void rejectsUnknownConfigKey() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider().create(JSON.readTree("{\"default-langauge\":\"de\"}")));
        assertTrue(e.getMessage().contains("transformer.config.default-langauge"), e.getMessage());
    }

    @Test
    void honoursConfiguredDefaultLanguage() throws Exception {
        Transformer german = provider().create(JSON.readTree("{\"default-language\":\"de\"}"));
        assertEquals(JSON.readTree("{\"de\":{\"title\":\"Bereitstellen\"}}"), german.transform(JSON.readTree(ANSWER),
                new TransformRequest("deployables", "42", NullNode.getInstance(), Map.of())));
    }
}
