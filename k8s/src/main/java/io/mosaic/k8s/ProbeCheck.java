package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Startup, liveness and readiness probes are HTTP GETs, and liveness and startup do not use the readiness
 * endpoint: readiness is false while Mosaic drains or before its flags load, and a liveness probe on it would
 * restart healthy replicas exactly then. Whether Mosaic serves the paths is {@link RunningMosaicCheck}'s job.
 */
final class ProbeCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> {
            for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode probe = pod.container().path(kind);
                if (probe.isMissingNode() || probe.isNull()) {
                    problems.add(pod.where(kind), "missing");
                } else if (!probe.has("httpGet")) {
                    problems.add(pod.where(kind), "must be an httpGet on Mosaic's observe endpoints");
                }
            }
            String readiness = path(pod, "readinessProbe");
            for (String kind : List.of("startupProbe", "livenessProbe")) {
                if (!readiness.isEmpty() && readiness.equals(path(pod, kind))) {
                    problems.add(pod.where(kind + ".httpGet.path"), "'" + readiness + "' is the readiness endpoint;"
                            + " it is false while draining or before flags load, so " + kind
                            + " must use the liveness endpoint");
                }
            }
        });
    }

    static String path(MosaicPod pod, String kind) {
        return pod.container().path(kind).path("httpGet").path("path").asText("");
    }
}
