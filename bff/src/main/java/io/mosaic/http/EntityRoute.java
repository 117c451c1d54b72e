package io.mosaic.http;

import io.mosaic.core.EntityPlan;
import io.mosaic.upstream.DirectProxy;
import java.util.Map;

/**
 * Everything needed to serve one entity type, on either path.
 *
 * @param plan         the composed path
 * @param flag         the routing flag for this type
 * @param killSwitches enricher name to kill-switch flag, for enrichers that have one
 * @param direct       the legacy path to the monolith
 */
public record EntityRoute(EntityPlan plan, String flag, Map<String, String> killSwitches, DirectProxy direct) {

    public EntityRoute {
        killSwitches = Map.copyOf(killSwitches);
    }
}
