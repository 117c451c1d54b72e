package io.mosaic.shadow;

import static io.mosaic.shadow.RulesFromYaml.comparison;
import static io.mosaic.shadow.RulesFromYaml.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JsonComparisonTest {

    private static final JsonComparison PLAIN = JsonComparison.using(ComparisonRules.NONE);

    private static List<String> described(ComparisonResult result) {
        return result.mismatches().stream().map(Mismatch::describe).toList();
    }

    @Test
    void identicalDocumentsMatchWhateverTheMemberOrder() {
        ComparisonResult result = PLAIN.compare(
                json("""
                        {"id": "42", "name": "svc", "steps": [{"n": 1, "tags": ["a", "b"]}], "meta": {"x": null, "y": true}}
                        """),
                json("""
                        {"meta": {"y": true, "x": null}, "steps": [{"tags": ["a", "b"], "n": 1}], "name": "svc", "id": "42"}
                        """));
        assertTrue(result.matches());
        assertEquals(List.of(), result.mismatches());
        assertFalse(result.truncated());
    }

    @Test
    void aChangedFieldIsOneMismatchAtExactlyThatPath() {
        ComparisonResult result = PLAIN.compare(
                json("""
                        {"a": {"b": [1, {"c": "x", "d": 2}]}, "e": "same"}
                        """),
                json("""
                        {"a": {"b": [1, {"c": "y", "d": 2}]}, "e": "same"}
                        """));
        assertFalse(result.matches());
        assertEquals(List.of(new Mismatch("/a/b/1/c", "/a/b/*/c", MismatchKind.VALUE_DIFFERS,
                TextNode.valueOf("x"), TextNode.valueOf("y"))), result.mismatches());
    }

    @Test
    void anAbsentMemberDiffersFromAnExplicitNull() {
        ComparisonResult result = PLAIN.compare(json("{\"a\": null, \"b\": 1}"), json("{\"b\": 1, \"c\": null}"));
        assertEquals(List.of(
                new Mismatch("/a", "/a", MismatchKind.MISSING_IN_SHADOW,
                        JsonNodeFactory.instance.nullNode(), MissingNode.getInstance()),
                new Mismatch("/c", "/c", MismatchKind.MISSING_IN_PRIMARY,
                        MissingNode.getInstance(), JsonNodeFactory.instance.nullNode())), result.mismatches());
    }

    @Test
    void differentTypesAreOneMismatchAndTheirInsidesAreNotCompared() {
        ComparisonResult result = PLAIN.compare(
                json("{\"n\": \"1\", \"o\": {\"x\": 1, \"y\": 2}, \"z\": null}"),
                json("{\"n\": 1, \"o\": [1, 2], \"z\": {}}"));
        assertEquals(List.of(
                "type-differs at /n: primary string(1 chars), shadow number",
                "type-differs at /o: primary object(2 fields), shadow array(2 elements)",
                "type-differs at /z: primary null, shadow object(0 fields)"), described(result));
    }

    @Test
    void theRootHasTheEmptyPointer() {
        ComparisonResult result = PLAIN.compare(json("{}"), json("[]"));
        assertEquals(1, result.mismatches().size());
        assertEquals("", result.mismatches().getFirst().path());
        assertEquals("", result.mismatches().getFirst().normalisedPath());
        assertEquals(MismatchKind.TYPE_DIFFERS, result.mismatches().getFirst().kind());
    }

    @Test
    void arraysNotListedAreComparedInOrderWithTheLengthDifferenceReportedOnce() {
        ComparisonResult result = PLAIN.compare(
                json("{\"tags\": [\"a\", \"b\", \"c\", \"d\"]}"),
                json("{\"tags\": [\"a\", \"x\"]}"));
        assertEquals(List.of(
                "length-differs at /tags: primary array(4 elements), shadow array(2 elements)",
                "value-differs at /tags/1: primary string(1 chars), shadow string(1 chars)"), described(result));
        assertEquals(List.of("/tags", "/tags/1"), result.mismatches().stream().map(Mismatch::path).toList());
    }

    @Test
    void reorderedElementsOfAnUnlistedArrayDiffer() {
        ComparisonResult result = PLAIN.compare(json("[\"a\", \"b\"]"), json("[\"b\", \"a\"]"));
        assertEquals(List.of("/0", "/1"), result.mismatches().stream().map(Mismatch::path).toList());
    }

    @Test
    void mismatchesComeInDocumentOrderWithShadowOnlyMembersLast() {
        ComparisonResult result = PLAIN.compare(
                json("{\"a\": {\"x\": 1, \"y\": 2}, \"b\": 3, \"c\": [true]}"),
                json("{\"late\": 0, \"c\": [false], \"b\": 4, \"a\": {\"y\": 20, \"x\": 10}}"));
        assertEquals(List.of("/a/x", "/a/y", "/b", "/c/0", "/late"),
                result.mismatches().stream().map(Mismatch::path).toList());
    }

    @Test
    void memberNamesAreEscapedAsInAJsonPointer() {
        ComparisonResult result = PLAIN.compare(json("{\"a/b\": {\"m~n\": 1}}"), json("{\"a/b\": {\"m~n\": 2}}"));
        assertEquals("/a~1b/m~0n", result.mismatches().getFirst().path());
        assertEquals("/a~1b/m~0n", result.mismatches().getFirst().normalisedPath());
    }

    @Test
    void aHundredDifferingElementsShareOneNormalisedPath() {
        ArrayNode primary = JsonNodeFactory.instance.arrayNode();
        ArrayNode shadow = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 100; i++) {
            primary.addObject().put("id", i).put("v", "old");
            shadow.addObject().put("id", i).put("v", "new");
        }
        ComparisonResult result = PLAIN.compare(wrap("items", primary), wrap("items", shadow));
        assertEquals(100, result.mismatches().size());
        assertFalse(result.truncated());
        assertEquals("/items/99/v", result.mismatches().getLast().path());
        assertEquals(Set.of("/items/*/v"), result.normalisedPaths());
    }

    @Test
    void collectingStopsAfterMaxMismatchesAndSaysSo() {
        JsonComparison capped = comparison("rules: { max-mismatches: 3 }");
        ComparisonResult result = capped.compare(json("[1, 2, 3, 4, 5]"), json("[9, 9, 9, 9, 9]"));
        assertEquals(List.of("/0", "/1", "/2"), result.mismatches().stream().map(Mismatch::path).toList());
        assertTrue(result.truncated());
        assertFalse(result.matches());

        ComparisonResult exactlyAtTheCap = capped.compare(json("[1, 2, 3, 4]"), json("[9, 9, 9, 4]"));
        assertEquals(3, exactlyAtTheCap.mismatches().size());
        assertFalse(exactlyAtTheCap.truncated());
    }

    @Test
    void veryDeepDocumentsDoNotOverflowTheStack() {
        int depth = 100_000;
        JsonNode primary = nested(depth, "left");
        JsonNode shadow = nested(depth, "right");
        ComparisonResult result = PLAIN.compare(primary, shadow);
        assertEquals(1, result.mismatches().size());
        Mismatch mismatch = result.mismatches().getFirst();
        assertEquals("/0".repeat(depth), mismatch.path());
        assertEquals("/*".repeat(depth), mismatch.normalisedPath());
        assertEquals(MismatchKind.VALUE_DIFFERS, mismatch.kind());
    }

    private static JsonNode nested(int depth, String leaf) {
        JsonNode node = TextNode.valueOf(leaf);
        for (int i = 0; i < depth; i++) {
            node = JsonNodeFactory.instance.arrayNode().add(node);
        }
        return node;
    }

    private static JsonNode wrap(String name, JsonNode value) {
        return JsonNodeFactory.instance.objectNode().set(name, value);
    }
}
