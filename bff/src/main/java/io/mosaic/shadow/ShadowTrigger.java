package io.mosaic.shadow;

import io.mosaic.core.EntityPlan;
import io.mosaic.core.EntityRequest;
import io.mosaic.routing.RoutingDecision;
import java.util.Optional;

/** Told about each primary answer whose request has shadowing on; returns at once. */
@FunctionalInterface
public interface ShadowTrigger {

    ShadowTrigger NONE = (plan, request, decision, primary) -> { };

    /**
     * @param plan     the entity type's plan (both paths can be computed from it)
     * @param request  the client request
     * @param decision the primary's decision: the shadow computes the other path
     * @param primary  the primary answer's body when it was a 200; empty skips the comparison
     */
    void primaryServed(EntityPlan plan, EntityRequest request, RoutingDecision decision, Optional<byte[]> primary);
}
