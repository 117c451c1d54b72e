package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The value merged under "v" of a small tree, written. */
    private static String merged(JsonNode value) {
        ObjectNode root = Json.mapper().createObjectNode().put("id", "42");
        root.set("v", value);
        return new String(Json.write(root), StandardCharsets.UTF_8);
    }

    @Test
    void aSplicedDocumentIsWrittenAsTheBytesItCameIn() {
        JsonNode value = Json.spliced(
                utf8(" \n{\"n\": 1.50, \"e\":\"caf\\u00e9 \u00e9\", \"a\":[1e2, {\"x\":null}]}\r\n"));

        assertInstanceOf(POJONode.class, value);
        // without the whitespace around it; the number and the escape as the upstream spelt them
        assertEquals("{\"id\":\"42\",\"v\":{\"n\": 1.50, \"e\":\"caf\\u00e9 \u00e9\", \"a\":[1e2, {\"x\":null}]}}",
                merged(value));
        // the same document as read into a tree
        assertEquals(Json.parse(utf8("{\"id\":\"42\",\"v\":{\"n\":1.5,\"e\":\"caf\u00e9 \u00e9\","
                + "\"a\":[100.0,{\"x\":null}]}}")), Json.parse(utf8(merged(value))));
    }

    @Test
    void aSplicedValueLargerThanTheWritersBufferAndOneWithSpaceAroundItAreWrittenWhole() {
        StringBuilder large = new StringBuilder("[");
        for (int i = 0; i < 5000; i++) {
            large.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
        }
        String document = large.append(']').toString();

        assertEquals("{\"id\":\"42\",\"v\":" + document + "}", merged(Json.spliced(utf8(document))));
        assertEquals("{\"id\":\"42\",\"v\":" + document + "}",
                merged(Json.spliced(utf8("\n " + document + " \n"))));
        // through a writer of characters, as toString() writes
        assertEquals("{\"a\": [1, 2]}", Json.spliced(utf8(" {\"a\": [1, 2]} ")).toString());
    }

    @Test
    void anArrayIsSplicedToo() {
        assertInstanceOf(POJONode.class, Json.spliced(utf8("[1,2]")));
        assertEquals("{\"id\":\"42\",\"v\":[1,2]}", merged(Json.spliced(utf8("[1,2]"))));
    }

    @Test
    void whatIsNotOneWellFormedDocumentIsRefusedAsParseRefusesIt() {
        String[] broken = {
            "", "   ", "{", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "{\"a\":1} x", "[1,]",
            "{\"a\":1,\"a\":2}", "{\"o\":{\"a\":1,\"a\":2}}", "{\"a\":\"tab\there\"}", "{'a':1}", "{\"a\":01}",
            "{\"a\":\"\\x\"}", "[\"\\u12\"]",
        };
        for (String body : broken) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(utf8(body)), "parse: " + body);
            assertThrows(IllegalArgumentException.class, () -> Json.spliced(utf8(body)), "spliced: " + body);
            assertThrows(IllegalArgumentException.class, () -> Json.members(utf8(body)), "members: " + body);
        }
    }

    @Test
    void invalidUtf8InAStringIsRefused() {
        int[][] invalid = {
            {0xC3},             // a lead byte without its continuation
            {0xE2, 0x82},       // a three-byte sequence cut short
            {0xF0, 0x9F, 0x98}, // a four-byte sequence cut short
            {0x80},             // a continuation byte with no lead
            {0xFF},             // never valid in UTF-8
        };
        for (int[] bytes : invalid) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(utf8("{\"a\":[\"x"));
            for (int b : bytes) {
                body.write(b);
            }
            body.writeBytes(utf8("\"]}"));

            assertThrows(IllegalArgumentException.class, () -> Json.parse(body.toByteArray()));
            assertThrows(IllegalArgumentException.class, () -> Json.spliced(body.toByteArray()),
                    Arrays.toString(bytes));
            assertThrows(IllegalArgumentException.class, () -> Json.members(body.toByteArray()),
                    Arrays.toString(bytes));
        }
    }

    @Test
    void aByteOrderMarkOrAnotherEncodingIsParsedIntoATreeInstead() {
        byte[] marked = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '1', '}'};
        JsonNode fromMarked = Json.spliced(marked);
        assertInstanceOf(ObjectNode.class, fromMarked);
        assertEquals("{\"id\":\"42\",\"v\":{\"a\":1}}", merged(fromMarked));

        JsonNode fromUtf16 = Json.spliced("{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.UTF_16BE));
        assertInstanceOf(ObjectNode.class, fromUtf16);
        assertEquals("{\"id\":\"42\",\"v\":{\"a\":\"\u00e9\"}}", merged(fromUtf16));
    }

    @Test
    void anObjectsMembersAreKeptAsTheBytesTheyCameIn() {
        String document = " {\"id\" : \"42\" ,\"n\":1.50,\r\n\t\"e\": \"caf\\u00e9 \u00e9\\\"\" , \"o\":{\"a\":[1, {}]},"
                + "\"l\":[ ],\"t\":true,\"f\":false,\"z\":null,\"big\":-1E+400 } ";
        JsonNode members = Json.members(utf8(document));

        ObjectNode object = assertInstanceOf(ObjectNode.class, members);
        assertEquals(List.of("id", "n", "e", "o", "l", "t", "f", "z", "big"), object.properties().stream().map(Map.Entry::getKey).toList());
        object.properties().forEach(member -> assertInstanceOf(POJONode.class, member.getValue(), member.getKey()));
        // each value as the upstream spelt it, without the whitespace and commas around it
        assertEquals("{\"id\":\"42\",\"n\":1.50,\"e\":\"caf\\u00e9 \u00e9\\\"\",\"o\":{\"a\":[1, {}]},\"l\":[ ],\"t\":true,"
                + "\"f\":false,\"z\":null,\"big\":-1E+400}", new String(Json.write(members), StandardCharsets.UTF_8));
        assertEquals(Json.parse(utf8(document)), Json.parse(Json.write(members)));
        // a member read back into a tree, where the merge must look inside it
        assertEquals(Json.parse(utf8("{\"a\":[1,{}]}")), Json.tree(object.get("o")));
        assertEquals(1.5, Json.tree(object.get("n")).asDouble());
        ObjectNode plain = Json.mapper().createObjectNode().put("a", 1);
        assertSame(plain, Json.tree(plain));
    }

    @Test
    void anEmptyObjectHasNoMembersAndWhatIsNotAnObjectIsATree() {
        assertEquals(Json.mapper().createObjectNode(), Json.members(utf8("{}")));
        assertEquals(Json.mapper().createObjectNode(), Json.members(utf8(" { \n } ")));
        assertEquals("{\"only\":1}", new String(Json.write(Json.members(utf8("{ \"only\" : 1 }"))),
                StandardCharsets.UTF_8));
        assertEquals(Json.parse(utf8("[1,2]")), Json.members(utf8("[1,2]")));
        assertEquals(7, Json.members(utf8("7")).asInt());
        byte[] marked = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '{', '}', '}'};
        assertInstanceOf(ObjectNode.class, Json.members(marked).get("a"));
        assertInstanceOf(ObjectNode.class,
                Json.members("{\"a\":{}}".getBytes(StandardCharsets.UTF_16BE)).get("a"));
    }

    @Test
    void aScalarIsParsedAndNullStaysNull() {
        assertEquals(NullNode.getInstance(), Json.spliced(utf8(" null ")));
        assertEquals(7, Json.spliced(utf8("7")).asInt());
        assertTrue(Json.spliced(utf8("\"x\"")).isTextual());
    }

    @Test
    void twoSplicesOfTheSameBytesAreEqual() {
        assertEquals(Json.spliced(utf8("{\"a\":1}")), Json.spliced(utf8(" {\"a\":1}")));
    }

    @Test
    void aNumberKeepsItsValueAndScaleThroughATree() {
        String document = "{\"price\":19.90,\"total\":12345678901234567.89,\"tiny\":1E-400,\"huge\":1E+400,"
                + "\"count\":12345678901234567890123,\"ratio\":-0.5,\"whole\":7}";

        assertEquals(document, new String(Json.write(Json.parse(utf8(document))), StandardCharsets.UTF_8));
    }
}
