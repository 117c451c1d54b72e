package io.mosaic.shadow;

import static io.mosaic.shadow.RulesFromYaml.comparison;
import static io.mosaic.shadow.RulesFromYaml.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyedArrayComparisonTest {

    private static final JsonComparison BY_ID = comparison("""
            rules:
              arrays:
                /steps: { key: id }
                /groups/*/members: { key: login }
            """);

    private static List<String> described(ComparisonResult result) {
        return result.mismatches().stream().map(Mismatch::describe).toList();
    }

    @Test
    void reorderedKeyedElementsMatch() {
        ComparisonResult result = BY_ID.compare(
                json("{\"steps\": [{\"id\": \"a\", \"n\": 1}, {\"id\": \"b\", \"n\": 2}, {\"id\": \"c\", \"n\": 3}]}"),
                json("{\"steps\": [{\"id\": \"c\", \"n\": 3}, {\"n\": 1, \"id\": \"a\"}, {\"id\": \"b\", \"n\": 2}]}"));
        assertTrue(result.matches(), result.toString());
    }

    @Test
    void aChangedElementIsReportedAtItsKeyedPath() {
        ComparisonResult result = BY_ID.compare(
                json("{\"steps\": [{\"id\": \"a\", \"name\": \"one\"}, {\"id\": \"b\", \"name\": \"two\"}]}"),
                json("{\"steps\": [{\"id\": \"b\", \"name\": \"TWO\"}, {\"id\": \"a\", \"name\": \"one\"}]}"));
        assertEquals(List.of(new Mismatch("/steps/[id=b]/name", "/steps/*/name", MismatchKind.VALUE_DIFFERS,
                TextNode.valueOf("two"), TextNode.valueOf("TWO"))), result.mismatches());
    }

    @Test
    void anElementOnOneSideOnlyIsMissingOnTheOtherWithoutALengthMismatch() {
        ComparisonResult result = BY_ID.compare(
                json("{\"steps\": [{\"id\": \"a\"}, {\"id\": \"gone\", \"x\": 1}]}"),
                json("{\"steps\": [{\"id\": \"new\"}, {\"id\": \"a\"}, {\"id\": \"newer\"}]}"));
        assertEquals(List.of(
                "missing-in-shadow at /steps/[id=*]: primary object(2 fields), shadow absent",
                "missing-in-primary at /steps/[id=*]: primary absent, shadow object(1 fields)",
                "missing-in-primary at /steps/[id=*]: primary absent, shadow object(1 fields)"), described(result));
        assertEquals(List.of("/steps/[id=gone]", "/steps/[id=new]", "/steps/[id=newer]"),
                result.mismatches().stream().map(Mismatch::path).toList());
        assertEquals(List.of("/steps/*", "/steps/*", "/steps/*"),
                result.mismatches().stream().map(Mismatch::normalisedPath).toList());
    }

    @Test
    void wildcardPatternsKeyArraysAtEveryMatchingPath() {
        ComparisonResult result = BY_ID.compare(
                json("{\"groups\": [{\"members\": [{\"login\": \"ann\"}, {\"login\": \"bob\", \"role\": \"dev\"}]}]}"),
                json("{\"groups\": [{\"members\": [{\"login\": \"bob\", \"role\": \"ops\"}, {\"login\": \"ann\"}]}]}"));
        assertEquals(List.of("/groups/0/members/[login=bob]/role"),
                result.mismatches().stream().map(Mismatch::path).toList());
        assertEquals("/groups/*/members/*/role", result.mismatches().getFirst().normalisedPath());
    }

    @Test
    void numericKeysAreMatchedByValue() {
        ComparisonResult result = BY_ID.compare(
                json("{\"steps\": [{\"id\": 42, \"n\": 1}, {\"id\": 7, \"n\": 2}]}"),
                json("{\"steps\": [{\"id\": 7.0, \"n\": 2}, {\"id\": 42.00, \"n\": 1}]}"));
        assertTrue(result.matches(), result.toString());
    }

    @Test
    void aKeyThatChangesTypeIsATypeMismatchOfTheKeyNotTwoMissingElements() {
        ComparisonResult result = BY_ID.compare(
                json("{\"steps\": [{\"id\": 42}]}"),
                json("{\"steps\": [{\"id\": \"42\"}]}"));
        assertEquals(List.of("type-differs at /steps/[id=*]/id: primary number, shadow string(2 chars)"),
                described(result));
        assertEquals("/steps/[id=42]/id", result.mismatches().getFirst().path());
    }

    @Test
    void keyValuesAreEscapedLikeAnyPointerSegment() {
        ComparisonResult result = BY_ID.compare(
                json("{\"steps\": [{\"id\": \"a/b~c\", \"x\": 1}]}"),
                json("{\"steps\": [{\"id\": \"a/b~c\", \"x\": 2}]}"));
        assertEquals("/steps/[id=a~1b~0c]/x", result.mismatches().getFirst().path());
    }

    @Test
    void anArrayThatCannotBeKeyedIsComparedInOrder() {
        String duplicateKeys = "{\"steps\": [{\"id\": \"a\", \"n\": 1}, {\"id\": \"a\", \"n\": 2}]}";
        String swapped = "{\"steps\": [{\"id\": \"a\", \"n\": 2}, {\"id\": \"a\", \"n\": 1}]}";
        assertEquals(List.of("/steps/0/n", "/steps/1/n"),
                BY_ID.compare(json(duplicateKeys), json(swapped)).mismatches().stream().map(Mismatch::path).toList());

        ComparisonResult missingKey = BY_ID.compare(
                json("{\"steps\": [{\"id\": \"a\"}, {\"name\": \"no id\"}]}"),
                json("{\"steps\": [{\"id\": \"a\"}]}"));
        assertEquals(List.of("length-differs at /steps: primary array(2 elements), shadow array(1 elements)"),
                described(missingKey));
    }
}
