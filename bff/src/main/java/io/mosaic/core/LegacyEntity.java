package io.mosaic.core;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Optional;

/**
 * The entity as the monolith itself enriches it ({@code skipExternal=false}), fetched lazily and at most once
 * per request, for enrichers whose fallback is {@link Fallback.Monolith}: the per-field bridge back to the
 * legacy path.
 */
final class LegacyEntity {

    private final EntityPlan plan;
    private final EntityRequest request;
    private JsonNode entity;

    LegacyEntity(EntityPlan plan, EntityRequest request) {
        this.plan = plan;
        this.request = request;
    }

    /** The value of {@code field} in the legacy entity, if the fetch worked and the monolith filled it. */
    Optional<JsonNode> field(JsonPointer field) {
        if (entity == null) {
            entity = fetch();
        }
        JsonNode value = entity.at(field);
        return value.isMissingNode() || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private JsonNode fetch() {
        return plan.legacy(request).orElse(MissingNode.getInstance());
    }
}
