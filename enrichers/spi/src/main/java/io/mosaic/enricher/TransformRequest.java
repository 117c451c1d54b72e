package io.mosaic.enricher;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Transformer} may know about the client request.
 *
 * @param entityType the entity type, e.g. {@code deployables}
 * @param id         the validated entity id
 * @param base       the base entity as the monolith returned it, or a JSON null while it is not known yet
 *                   (enrichers that need only the id start before the base arrives). It is this call's own
 *                   copy: neither the merged answer nor another enricher sees a change made to it, and the
 *                   merge does not change it while the transformer runs
 * @param headers    the forwarded request headers, keyed by lower-case name
 */
public record TransformRequest(String entityType, String id, JsonNode base, Map<String, String> headers) {

    public TransformRequest {
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(base, "base");
        headers = Map.copyOf(headers);
    }

    /** A forwarded request header, by case-insensitive name. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
