package io.mosaic.core;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys of each open object of one document while it is streamed, to refuse a key given twice in one object.
 *
 * <p>Jackson's own check ({@code STRICT_DUPLICATE_DETECTION}) gives every object of three keys or more a hash set of
 * its own, which for the small objects upstream answers are made of allocated about three times the bytes checked. Here
 * the keys of all open objects share one array: a new key is compared with its object's earlier keys one by one, and
 * only an object of more than {@value #SCAN_LIMIT} keys gets a set.
 *
 * <p>One instance serves one document on one thread.
 */
final class UniqueKeys {

    /** An object with more keys than this looks its keys up in a set instead of comparing them one by one. */
    static final int SCAN_LIMIT = 16;

    private String[] keys = new String[32];
    private int size;
    /** Per open object, innermost last: where its keys start in {@link #keys}. */
    private int[] starts = new int[8];
    /** Per open object: its set of keys, once it has more than {@link #SCAN_LIMIT}; else {@code null}. */
    private Set<?>[] sets = new Set<?>[8];
    private int open;

    /** Begin an object whose keys the caller reads itself and passes to {@link #add}. */
    void openObject() {
        if (open == starts.length) {
            starts = Arrays.copyOf(starts, open * 2);
            sets = Arrays.copyOf(sets, open * 2);
        }
        starts[open++] = size;
    }

    void closeObject() {
        open--;
        size = starts[open];
        sets[open] = null;
    }

    /**
     * Read from the parser's current token, a {@code START_OBJECT} or {@code START_ARRAY}, to its matching end, as
     * {@link JsonParser#skipChildren()} does (string values are skipped, not decoded; on a scalar it reads nothing),
     * and refuse any object in it that gives a key twice.
     *
     * @throws JsonParseException for a key given twice, or malformed JSON
     */
    void skipChildren(JsonParser parser) throws IOException {
        int depth = 0;
        JsonToken token = parser.currentToken();
        do {
            switch (token) {
                case START_OBJECT -> {
                    openObject();
                    depth++;
                }
                case START_ARRAY -> depth++;
                case END_OBJECT -> {
                    closeObject();
                    depth--;
                }
                case END_ARRAY -> depth--;
                case FIELD_NAME -> add(parser, parser.currentName());
                default -> {
                }
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
        } while (token != null);
        throw new JsonParseException(parser, "unexpected end of input");
    }

    /**
     * A key of the innermost open object.
     *
     * @throws JsonParseException when the object already has it
     */
    void add(JsonParser parser, String key) throws JsonParseException {
        int top = open - 1;
        @SuppressWarnings("unchecked")
        Set<String> set = (Set<String>) sets[top];
        if (set != null) {
            if (!set.add(key)) {
                throw twice(parser, key);
            }
            return;
        }
        int start = starts[top];
        for (int i = start; i < size; i++) {
            if (keys[i].equals(key)) {
                throw twice(parser, key);
            }
        }
        if (size - start == SCAN_LIMIT) {
            Set<String> all = new HashSet<>(Arrays.asList(keys).subList(start, size));
            all.add(key);
            sets[top] = all;
            return;
        }
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        keys[size++] = key;
    }

    private static JsonParseException twice(JsonParser parser, String key) {
        return new JsonParseException(parser, "Duplicate field '" + key + "'");
    }
}
