package io.mosaic.shadow;

import io.mosaic.core.EntityPlan;
import io.mosaic.core.EntityRequest;
import io.mosaic.routing.RoutingDecision;
import java.util.Optional;
import java.util.concurrent.Semaphore;

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

    /**
     * The room left for bodies kept for comparisons, one permit per byte: taken without waiting ({@code tryAcquire})
     * by whoever keeps a body, and given back when it is dropped. With no room, no comparison is made; by default
     * there is none.
     */
    default Semaphore room() {
        return new Semaphore(0);
    }
}
