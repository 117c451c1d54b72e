package io.mosaic.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class UniqueKeysTest {

    /** Reads the whole document through {@link UniqueKeys#skipChildren}; true when it was accepted. */
    private static boolean accepts(String document) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(document.getBytes(StandardCharsets.UTF_8))) {
            parser.nextToken();
            new UniqueKeys().skipChildren(parser);
            assertNull(parser.nextToken(), "read to the document's end: " + document);
            return true;
        } catch (JsonParseException e) {
            return false;
        }
    }

    /** The same document read by Jackson with its own duplicate check, the reference. */
    private static boolean jacksonAccepts(String document) throws IOException {
        try (JsonParser parser = Json.mapper().createParser(document.getBytes(StandardCharsets.UTF_8))) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            parser.nextToken();
            parser.skipChildren();
            return true;
        } catch (JsonParseException e) {
            return false;
        }
    }

    /** An object of n keys k0..k(n-1), then the given extra key. */
    private static String object(int n, String extra) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            json.append("\"k").append(i).append("\":").append(i).append(',');
        }
        return json.append('"').append(extra).append("\":true}").toString();
    }

    @Test
    void aKeyGivenTwiceInOneObjectIsRefusedAtAnySize() throws IOException {
        for (int n : new int[] {1, 2, 3, UniqueKeys.SCAN_LIMIT - 1, UniqueKeys.SCAN_LIMIT, UniqueKeys.SCAN_LIMIT + 1,
                3 * UniqueKeys.SCAN_LIMIT}) {
            assertEquals(false, accepts(object(n, "k0")), n + " keys, then the first again");
            assertEquals(false, accepts(object(n, "k" + (n - 1))), n + " keys, then the last again");
            assertEquals(true, accepts(object(n, "other")), n + " keys, then a new one");
            assertEquals(false, accepts("[1, {\"o\": " + object(n, "k0") + "}]"), n + " keys, nested");
        }
    }

    @Test
    void theSameKeyInDifferentObjectsIsNoDuplicate() throws IOException {
        assertEquals(true, accepts("{\"a\": {\"a\": {\"a\": 1}}, \"b\": [{\"a\": 1, \"b\": 2}, {\"a\": 2}]}"));
        // a large object's set ends with it: its sibling and its parent go on comparing their own keys
        String large = object(2 * UniqueKeys.SCAN_LIMIT, "x");
        assertEquals(true, accepts("{\"k0\": " + large + ", \"k1\": " + large + ", \"x\": [" + large + "]}"));
        assertEquals(false, accepts("{\"k0\": " + large + ", \"k1\": " + large + ", \"k0\": 1}"));
        assertEquals(false, accepts("[" + large + ", {\"k0\": 1, \"k0\": 2}]"));
    }

    @Test
    void keysAreComparedDecoded() throws IOException {
        assertEquals(false, accepts("{\"a\": 1, \"\\u0061\": 2}"));
        assertEquals(false, accepts("{\"\u00e9\": 1, \"\\u00e9\": 2}"));
        assertEquals(true, accepts("{\"a\": 1, \"A\": 2, \"a \": 3}"));
    }

    @Test
    void deepAndWideDocumentsGrowItsStacks() throws IOException {
        StringBuilder deep = new StringBuilder();
        int levels = 100;
        for (int i = 0; i < levels; i++) {
            deep.append("{\"a\": 1, \"b\": [], \"c\":");
        }
        deep.append("null");
        deep.append("}".repeat(levels));
        assertEquals(true, accepts(deep.toString()));
        assertEquals(false, accepts(deep.toString().replace("\"c\":null", "\"c\":null, \"b\": 2")));
    }

    @Test
    void aScalarIsLeftAsItIs() throws IOException {
        byte[] document = "{\"a\": \"x\", \"b\": 2}".getBytes(StandardCharsets.UTF_8);
        try (JsonParser parser = Json.mapper().createParser(document)) {
            parser.nextToken();
            parser.nextToken();
            parser.nextToken();
            new UniqueKeys().skipChildren(parser);
            assertEquals(JsonToken.VALUE_STRING, parser.currentToken());
            assertEquals(JsonToken.FIELD_NAME, parser.nextToken());
        }
    }

    @Test
    void malformedJsonIsStillRefused() {
        for (String broken : new String[] {"{\"a\": 1", "[1, 2", "{\"a\" 1}", "[1,]"}) {
            assertThrows(JsonParseException.class, () -> {
                try (JsonParser parser = Json.mapper().createParser(broken.getBytes(StandardCharsets.UTF_8))) {
                    parser.nextToken();
                    new UniqueKeys().skipChildren(parser);
                }
            }, broken);
        }
    }

    @Test
    void itRefusesWhatJacksonsOwnCheckRefusesOnRandomDocuments() throws IOException {
        Random random = new Random(20261207);
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            String document = value(random, 0);
            boolean expected = jacksonAccepts(document);
            assertEquals(expected, accepts(document), document);
            refused += expected ? 0 : 1;
        }
        // both outcomes are exercised
        assertEquals(true, refused > 300 && refused < 2700, "refused " + refused + " of 3000");
    }

    /** A random value: keys from a small alphabet, so that some objects give one twice, some large objects. */
    private static String value(Random random, int depth) {
        int kind = depth > 3 ? 3 : random.nextInt(4);
        switch (kind) {
            case 0 -> {
                int size = random.nextInt(10) == 0 ? 10 + random.nextInt(30) : random.nextInt(5);
                int alphabet = random.nextBoolean() ? 60 : 8;
                StringBuilder json = new StringBuilder("{");
                for (int i = 0; i < size; i++) {
                    json.append(i == 0 ? "" : ",").append("\"k").append(random.nextInt(alphabet)).append("\":")
                            .append(value(random, depth + 1));
                }
                return json.append('}').toString();
            }
            case 1 -> {
                int size = random.nextInt(4);
                StringBuilder json = new StringBuilder("[");
                for (int i = 0; i < size; i++) {
                    json.append(i == 0 ? "" : ",").append(value(random, depth + 1));
                }
                return json.append(']').toString();
            }
            case 2 -> {
                return "\"s" + random.nextInt(100) + "\"";
            }
            default -> {
                return Integer.toString(random.nextInt(1000));
            }
        }
    }
}
