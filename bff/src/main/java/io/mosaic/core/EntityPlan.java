package io.mosaic.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything needed to compose one entity type, built once at startup.
 *
 * @param type        the entity type, e.g. {@code deployables}
 * @param basePath    the monolith path template, e.g. {@code /deployables/{id}}
 * @param base        the monolith call pipeline
 * @param baseTimeout the monolith's own timeout, kept inside the request's deadline
 * @param enrichers   the enrichers in config order, which is also the order of their fields in the output
 */
public record EntityPlan(String type, UriTemplate basePath, Fetch base, Duration baseTimeout, List<Enricher> enrichers) {

    public EntityPlan {
        enrichers = List.copyOf(enrichers);
    }

    /** The monolith path for an id: with {@code skipExternal=true} the bare base, with false the legacy answer. */
    public String monolithPath(String id, boolean skipExternal) {
        return basePath.expand(v -> id) + (skipExternal ? "?skipExternal=true" : "?skipExternal=false");
    }

    /**
     * The entity as the monolith itself enriches it ({@code skipExternal=false}), through the monolith's call
     * pipeline within the request's deadline.
     *
     * @return the parsed answer, or empty when the monolith gave no usable one
     */
    public Optional<JsonNode> legacy(EntityRequest request) {
        FetchResult answer = base.fetch(new FetchRequest(monolithPath(request.id(), false), request.headers(),
                request.deadline(), request.log()));
        if (answer instanceof FetchResult.Ok ok) {
            try {
                return Optional.of(Json.parse(ok.body()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
