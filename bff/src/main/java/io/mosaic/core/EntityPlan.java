package io.mosaic.core;

import java.time.Duration;
import java.util.List;

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
}
