package io.mosaic.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Everything needed to compose one entity type, built once at startup.
 *
 * @param type        the entity type, e.g. {@code deployables}
 * @param basePath    the monolith path template, e.g. {@code /deployables/{id}}
 * @param base        the monolith call pipeline
 * @param baseTimeout the monolith's own timeout, kept inside the request's deadline
 * @param enrichers   the enrichers in config order, which is also the order of their fields in the output
 * @param baseHasRoom whether the monolith's bulkhead has a free permit now: when it has none, the base call will
 *                    most likely be refused (503), so enrichers that need only the id wait for the base instead of
 *                    starting with it, and an overloaded monolith does not cost the enrichment services calls
 *                    that are cancelled at once
 */
public record EntityPlan(String type, UriTemplate basePath, Fetch base, Duration baseTimeout, List<Enricher> enrichers,
                         BooleanSupplier baseHasRoom) {

    public EntityPlan {
        enrichers = List.copyOf(enrichers);
    }

    /** A plan whose monolith always has room, as far as the fan-out can tell. */
    public EntityPlan(String type, UriTemplate basePath, Fetch base, Duration baseTimeout, List<Enricher> enrichers) {
        this(type, basePath, base, baseTimeout, enrichers, () -> true);
    }

    /** Whether an enricher takes fields from the base entity (its path uses more than {@code {id}}). */
    public boolean enrichersReadBase() {
        for (Enricher enricher : enrichers) {
            if (enricher.needsBase()) {
                return true;
            }
        }
        return false;
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
