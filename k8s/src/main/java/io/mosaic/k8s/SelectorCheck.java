package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The Service, the PodDisruptionBudget and the topology spread select Mosaic's pods; the Service's ports reach
 * the container; the pods are spread across nodes.
 */
final class SelectorCheck implements Check {

    static final String NODE_TOPOLOGY = "kubernetes.io/hostname";

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> check(release, pod, problems));
    }

    private static void check(Release release, MosaicPod pod, Problems problems) {
        Map<String, String> labels = pod.templateLabels();
        if (release.ofKind("Service").isEmpty()) {
            problems.add(release.name(), "no Service");
        }
        for (JsonNode service : release.ofKind("Service")) {
            if (!matches(service.path("spec").path("selector"), labels)) {
                problems.add(Release.id(service) + ": spec.selector", "selects no Mosaic pod (pod labels " + labels + ")");
            }
            for (JsonNode port : service.path("spec").path("ports")) {
                JsonNode target = port.has("targetPort") ? port.path("targetPort") : port.path("port");
                if (pod.containerPort(target).isEmpty()) {
                    problems.add(Release.id(service) + ": spec.ports[" + port.path("name").asText() + "].targetPort",
                            "'" + target.asText() + "' is no port of container " + MosaicPod.CONTAINER);
                }
            }
        }
        if (release.ofKind("PodDisruptionBudget").isEmpty()) {
            problems.add(release.name(), "no PodDisruptionBudget");
        }
        for (JsonNode pdb : release.ofKind("PodDisruptionBudget")) {
            if (!matches(pdb.path("spec").path("selector").path("matchLabels"), labels)) {
                problems.add(Release.id(pdb) + ": spec.selector", "selects no Mosaic pod (pod labels " + labels + ")");
            }
        }
        boolean acrossNodes = false;
        for (JsonNode constraint : pod.podSpec().path("topologySpreadConstraints")) {
            if (!matches(constraint.path("labelSelector").path("matchLabels"), labels)) {
                problems.add(pod.wherePod("topologySpreadConstraints[" + constraint.path("topologyKey").asText()
                        + "]"), "labelSelector selects no Mosaic pod, so it spreads nothing");
            } else {
                acrossNodes |= NODE_TOPOLOGY.equals(constraint.path("topologyKey").asText());
            }
        }
        if (!acrossNodes) {
            problems.add(pod.wherePod("topologySpreadConstraints"), "no constraint spreads the replicas across"
                    + " nodes (topologyKey " + NODE_TOPOLOGY + ")");
        }
    }

    /** A non-empty selector whose every label the pod has. */
    static boolean matches(JsonNode selector, Map<String, String> labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (var entry : selector.properties()) {
            if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
