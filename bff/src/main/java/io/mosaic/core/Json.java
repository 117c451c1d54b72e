package io.mosaic.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON codec Mosaic uses: strict on input (no trailing garbage), plain on output.
 *
 * <p>Jackson's buffers are recycled through a shared pool, not per thread: its default keeps them in a thread
 * local, and every request runs on a new virtual thread, so each parse and write allocated fresh buffers.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            // a number with a fraction or an exponent keeps its exact value and scale (19.90, 1E-400): as a double
            // it would lose digits, become 0.0, or become the string "Infinity" in the merged answer
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * Parse a complete JSON document.
     *
     * @throws IllegalArgumentException when the bytes are not exactly one well-formed JSON document
     */
    public static JsonNode parse(byte[] body) {
        return parse(body, 0, body.length);
    }

    /** {@link #parse(byte[])} of the {@code length} bytes from {@code offset}, without copying them out first. */
    static JsonNode parse(byte[] body, int offset, int length) {
        return read(() -> {
            JsonNode node = MAPPER.readTree(body, offset, length);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("empty body");
            }
            return node;
        });
    }

    /**
     * A complete JSON document that is merged as it is, without a tree: checked as strictly as {@link #parse}
     * checks (one document, nothing after it, no key twice in an object, strings of valid UTF-8, Jackson's limits on
     * depth and sizes), in one streaming pass, and written out by {@link #write} as the bytes it came in. Numbers and
     * escapes therefore keep the upstream's spelling.
     *
     * <p>Only an object or an array in UTF-8 without a byte-order mark is spliced; any other document (a scalar, UTF-16
     * or UTF-32, a leading byte-order mark) is parsed into a tree, as {@link #parse} does. A spliced value is a
     * {@link POJONode}: to walk the merged document, write it and parse it again.
     *
     * @throws IllegalArgumentException when the bytes are not exactly one well-formed JSON document
     */
    public static JsonNode spliced(byte[] body) {
        return read(() -> {
            try (JsonParser parser = MAPPER.createParser(body)) {
                JsonToken first = parser.nextToken();
                if (!(parser instanceof UTF8StreamJsonParser) || byteOrderMark(body)
                        || first != JsonToken.START_OBJECT && first != JsonToken.START_ARRAY) {
                    return parse(body);
                }
                int start = tokenStart(parser);
                // Reads every token to the matching end; a string value is skipped, not decoded, but its bytes are
                // still checked (UTF-8 sequences, control characters, escapes), and field names are decoded.
                new UniqueKeys().skipChildren(parser);
                int end = Math.toIntExact(parser.currentLocation().getByteOffset());
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException("not JSON: more than one value");
                }
                return splice(body, start, end);
            }
        });
    }

    /**
     * A complete JSON object whose members are merged as they are: checked as {@link #spliced} checks, in one
     * streaming pass, into an object node with one spliced value per top-level member, in the document's order. The
     * merge can then look up, add and replace top-level fields without a tree of the rest; {@link #tree} reads a
     * member into a tree where the merge has to look inside it.
     *
     * <p>A document that is not an object in UTF-8 without a byte-order mark is parsed into a tree, as {@link #parse}
     * does (so an array stays an array, and the caller can refuse it).
     *
     * @throws IllegalArgumentException when the bytes are not exactly one well-formed JSON document
     */
    public static JsonNode members(byte[] body) {
        return read(() -> {
            try (JsonParser parser = MAPPER.createParser(body)) {
                if (!(parser instanceof UTF8StreamJsonParser) || byteOrderMark(body)
                        || parser.nextToken() != JsonToken.START_OBJECT) {
                    return parse(body);
                }
                UniqueKeys keys = new UniqueKeys();
                keys.openObject();
                ObjectNode members = MAPPER.createObjectNode();
                String name = null;
                int start = 0;
                // A member's value ends where the next member's name or the object's end begins, less the comma
                // and whitespace between them: a string value is skipped, not decoded, so only the next token shows
                // where it ends.
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    if (name != null) {
                        members.set(name, slice(body, start, tokenStart(parser)));
                    }
                    name = parser.currentName();
                    keys.add(parser, name);
                    parser.nextToken();
                    start = tokenStart(parser);
                    keys.skipChildren(parser);
                }
                if (name != null) {
                    members.set(name, slice(body, start, tokenStart(parser)));
                }
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException("not JSON: more than one value");
                }
                return members;
            }
        });
    }

    /**
     * The node as a tree: a value from {@link #spliced} or {@link #members} read back (parsed from its bytes), any
     * other node as it is.
     */
    public static JsonNode tree(JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw
                && raw.rawValue() instanceof SplicedJson spliced) {
            return spliced.tree();
        }
        return node;
    }

    /** A read of one document, whose I/O errors are those of a byte array: malformed JSON, or none. */
    @FunctionalInterface
    private interface Read {
        JsonNode document() throws IOException;
    }

    private static JsonNode read(Read read) {
        try {
            return read.document();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int tokenStart(JsonParser parser) {
        return Math.toIntExact(parser.currentTokenLocation().getByteOffset());
    }

    /** The member value that starts at {@code start}, up to the separator before {@code next}. */
    private static JsonNode slice(byte[] body, int start, int next) {
        int end = next;
        while (whitespace(body[end - 1])) {
            end--;
        }
        if (body[end - 1] == ',') {
            end--;
            while (whitespace(body[end - 1])) {
                end--;
            }
        }
        return splice(body, start, end);
    }

    /** The bytes from {@code start} to {@code end}, already checked to be one JSON value, as a node to merge. */
    private static JsonNode splice(byte[] body, int start, int end) {
        return new POJONode(new RawValue(new SplicedJson(body, start, end - start)));
    }

    private static boolean whitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    private static boolean byteOrderMark(byte[] body) {
        return body.length >= 3 && body[0] == (byte) 0xEF && body[1] == (byte) 0xBB && body[2] == (byte) 0xBF;
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }
}
