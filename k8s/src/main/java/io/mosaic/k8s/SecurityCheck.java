package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The container runs as a non-root numeric user on a read-only root filesystem, with no capabilities, no
 * privilege escalation, the runtime's default seccomp profile, and no service account token.
 */
final class SecurityCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> check(release, pod, problems));
    }

    private static void check(Release release, MosaicPod pod, Problems problems) {
        JsonNode podContext = pod.podSpec().path("securityContext");
        JsonNode context = pod.container().path("securityContext");
        if (!setting(context, podContext, "runAsNonRoot").asBoolean(false)) {
            problems.add(pod.where("securityContext.runAsNonRoot"), "must be true (here or in the pod's)");
        }
        JsonNode runAsUser = setting(context, podContext, "runAsUser");
        Optional<Long> imageUser = release.image().numericUser();
        if (runAsUser.isMissingNode() && imageUser.isEmpty()) {
            problems.add(pod.where("securityContext.runAsUser"), "missing, and the Dockerfile's USER '"
                    + release.image().user() + "' is not numeric: the kubelet cannot verify runAsNonRoot");
        }
        if (runAsUser.isIntegralNumber() && runAsUser.asLong() == 0) {
            problems.add(pod.where("securityContext.runAsUser"), "0 is root");
        }
        if (imageUser.isEmpty()) {
            problems.add("Dockerfile: USER", "'" + release.image().user() + "' must be a numeric, non-root user id");
        } else if (imageUser.get() == 0) {
            problems.add("Dockerfile: USER", "0 is root");
        }
        if (!context.path("readOnlyRootFilesystem").asBoolean(false)) {
            problems.add(pod.where("securityContext.readOnlyRootFilesystem"), "must be true");
        }
        if (!context.path("allowPrivilegeEscalation").isBoolean()
                || context.path("allowPrivilegeEscalation").asBoolean()) {
            problems.add(pod.where("securityContext.allowPrivilegeEscalation"), "must be false");
        }
        if (context.path("privileged").asBoolean(false)) {
            problems.add(pod.where("securityContext.privileged"), "must not be true");
        }
        JsonNode capabilities = context.path("capabilities");
        boolean dropsAll = false;
        for (JsonNode dropped : capabilities.path("drop")) {
            dropsAll |= dropped.asText().equals("ALL");
        }
        if (!dropsAll) {
            problems.add(pod.where("securityContext.capabilities.drop"), "must contain ALL");
        }
        if (!capabilities.path("add").isEmpty()) {
            problems.add(pod.where("securityContext.capabilities.add"), "Mosaic needs no capabilities: "
                    + capabilities.path("add"));
        }
        String seccomp = setting(context, podContext, "seccompProfile").path("type").asText();
        if (!seccomp.equals("RuntimeDefault")) {
            problems.add(pod.where("securityContext.seccompProfile.type"), "must be RuntimeDefault (here or in the"
                    + " pod's), is '" + seccomp + "'");
        }
        if (pod.podSpec().path("automountServiceAccountToken").asBoolean(true)) {
            problems.add(pod.wherePod("automountServiceAccountToken"), "must be false: Mosaic never calls the"
                    + " Kubernetes API");
        }
    }

    /** A container setting, else the pod's. */
    private static JsonNode setting(JsonNode container, JsonNode pod, String name) {
        return container.has(name) ? container.path(name) : pod.path(name);
    }
}
