package io.mosaic.shadow;

import com.fasterxml.jackson.databind.JsonNode;

/** How a value appears when a mismatch is rendered: redacted to its type and size, or shown, cut to a bound. */
final class ValueSummary {

    /** Shown values longer than this many characters are cut. */
    static final int MAX_SHOWN_CHARS = 200;

    private ValueSummary() {
    }

    /** The JSON type and, for strings, arrays and objects, the size: {@code string(5 chars)}; never the value. */
    static String redacted(JsonNode value) {
        return switch (value.getNodeType()) {
            case MISSING -> "absent";
            case OBJECT -> "object(" + value.size() + " fields)";
            case ARRAY -> "array(" + value.size() + " elements)";
            case STRING -> "string(" + value.textValue().length() + " chars)";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case BINARY -> "binary";
            case POJO -> "pojo";
        };
    }

    /** The value as JSON text, cut after {@link #MAX_SHOWN_CHARS} characters. */
    static String shown(JsonNode value) {
        if (value.isMissingNode()) {
            return "absent";
        }
        String text = value.toString();
        if (text.length() <= MAX_SHOWN_CHARS) {
            return text;
        }
        return text.substring(0, MAX_SHOWN_CHARS) + "...(" + (text.length() - MAX_SHOWN_CHARS) + " more chars)";
    }
}
