package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.custom.QuantityFormatException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Requests and limits for CPU and memory. The JVM sizes its heap from the memory limit
 * ({@code -XX:MaxRAMPercentage} in the Dockerfile), and the autoscaler measures CPU against the request.
 */
final class ResourceCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            JsonNode resources = pod.container().path("resources");
            for (String resource : List.of("cpu", "memory")) {
                BigDecimal request = quantity(resources.path("requests").path(resource), pod, "resources.requests."
                        + resource, problems);
                BigDecimal limit = quantity(resources.path("limits").path(resource), pod, "resources.limits."
                        + resource, problems);
                if (request != null && limit != null && limit.compareTo(request) < 0) {
                    problems.add(pod.where("resources.limits." + resource), "below the request");
                }
            }
        });
    }

    private static BigDecimal quantity(JsonNode value, MosaicPod pod, String field, Problems problems) {
        if (value.isMissingNode() || value.isNull()) {
            problems.add(pod.where(field), "missing");
            return null;
        }
        try {
            return new Quantity(value.asText()).getNumber();
        } catch (QuantityFormatException | NumberFormatException e) {
            problems.add(pod.where(field), "'" + value.asText() + "' is not a quantity");
            return null;
        }
    }
}
