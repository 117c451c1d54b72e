package io.mosaic.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The result of composing one entity. */
public sealed interface Composition {

    /**
     * The merged entity.
     *
     * @param body     base fields first, then each enricher's field in config order; the answer of an enricher
     *                 without transformer is a spliced value ({@link Json#spliced}), written as it came, and so
     *                 are the base's members unless an enricher reads the base ({@link Json#members})
     * @param degraded the enrichments that are missing or served by a fallback, in config order
     */
    record Composed(ObjectNode body, List<Degradation> degraded) implements Composition {

        /** The merged entity as a plain tree, spliced values read back: to walk or compare it. */
        public JsonNode document() {
            return Json.parse(Json.write(body));
        }
    }

    /** The monolith does not know the entity. */
    record NotFound() implements Composition {
    }

    /**
     * The monolith gave no usable answer.
     *
     * @param reason {@link Reason#TIMEOUT} maps to 504, everything else to 502
     */
    record BaseFailed(Reason reason, String detail) implements Composition {
    }

    /** A required enricher failed; the request fails with it. */
    record RequiredFailed(Degradation degradation, String detail) implements Composition {
    }
}
