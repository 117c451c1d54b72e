package io.mosaic.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;

/**
 * What serves an enrichment when its call fails. {@code Mosaic-Degraded} says which one served, e.g.
 * {@code visual-design;reason=timeout;fallback=static}.
 */
public sealed interface Fallback {

    /** The name shown in {@code Mosaic-Degraded}. */
    String token();

    /** The field is left out (the default). */
    record Omit() implements Fallback {
        @Override
        public String token() {
            return "omit";
        }
    }

    /** A configured JSON value. */
    record Static(JsonNode value) implements Fallback {
        @Override
        public String token() {
            return "static";
        }
    }

    /**
     * The last good answer for the same cache key (stale-if-error), transformed again.
     *
     * @param lastGood the last good raw answer for a request, if still kept
     */
    record Stale(Function<FetchRequest, Optional<byte[]>> lastGood) implements Fallback {
        @Override
        public String token() {
            return "stale";
        }
    }

    /**
     * The field as the monolith itself fills it: the entity is fetched once per request, lazily, with
     * {@code skipExternal=false}, and the field taken from it.
     */
    record Monolith() implements Fallback {
        @Override
        public String token() {
            return "monolith";
        }
    }
}
