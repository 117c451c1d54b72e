package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * Mosaic runs as at least two replicas, and one thing owns the count: a HorizontalPodAutoscaler on CPU that
 * targets the Deployment (which then has no {@code replicas} of its own, so a deploy never resets the count), or
 * else the Deployment's {@code replicas}.
 */
final class ReplicaCheck implements Check {

    static final int MIN_REPLICAS = 2;

    @Override
    public void check(Release release, Problems problems) {
        Optional<MosaicPod> found = release.pod();
        if (found.isEmpty()) {
            problems.add(release.name(), "no Deployment with a container named '" + MosaicPod.CONTAINER + "'");
            return;
        }
        MosaicPod pod = found.get();
        String deploymentName = pod.deployment().path("metadata").path("name").asText();
        List<JsonNode> autoscalers = release.ofKind("HorizontalPodAutoscaler");
        List<JsonNode> targeting = autoscalers.stream()
                .filter(h -> h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                        && h.path("spec").path("scaleTargetRef").path("name").asText().equals(deploymentName))
                .toList();
        for (JsonNode hpa : autoscalers) {
            if (!targeting.contains(hpa)) {
                JsonNode target = hpa.path("spec").path("scaleTargetRef");
                problems.add(Release.id(hpa) + ": spec.scaleTargetRef", "targets " + target.path("kind").asText()
                        + "/" + target.path("name").asText() + ", which is not in this release; Mosaic's Deployment"
                        + " is " + deploymentName);
            }
        }
        if (targeting.isEmpty()) {
            int replicas = pod.deployment().path("spec").path("replicas").asInt(1);
            if (replicas < MIN_REPLICAS) {
                problems.add(Release.id(pod.deployment()) + ": spec.replicas", replicas + " replica(s), and no"
                        + " HorizontalPodAutoscaler targets the Deployment; Mosaic needs at least " + MIN_REPLICAS);
            }
            return;
        }
        if (pod.deployment().path("spec").has("replicas")) {
            problems.add(Release.id(pod.deployment()) + ": spec.replicas", "set although "
                    + Release.id(targeting.getFirst()) + " owns the count: every deploy would reset it; remove it");
        }
        for (JsonNode hpa : targeting) {
            JsonNode spec = hpa.path("spec");
            int min = spec.path("minReplicas").asInt(1);
            if (min < MIN_REPLICAS) {
                problems.add(Release.id(hpa) + ": spec.minReplicas", min + "; Mosaic needs at least " + MIN_REPLICAS
                        + " replicas");
            }
            if (spec.path("maxReplicas").asInt() < min) {
                problems.add(Release.id(hpa) + ": spec.maxReplicas", "below minReplicas " + min);
            }
            boolean onCpu = false;
            for (JsonNode metric : spec.path("metrics")) {
                onCpu |= metric.path("type").asText().equals("Resource")
                        && metric.path("resource").path("name").asText().equals("cpu");
            }
            if (!onCpu) {
                problems.add(Release.id(hpa) + ": spec.metrics", "no CPU resource metric");
            }
            if (!pod.container().path("resources").path("requests").has("cpu")) {
                problems.add(pod.where("resources.requests.cpu"), "missing: " + Release.id(hpa)
                        + " scales on CPU utilization, which is measured against the request");
            }
        }
    }
}
