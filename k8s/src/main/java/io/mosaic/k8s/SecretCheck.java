package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * No secret value is committed: the release has no Secret object, and the Unleash API token reaches Mosaic
 * only from a Secret that is created in the cluster (docs/kubernetes.md).
 */
final class SecretCheck implements Check {

    @Override
    public void check(Release release, Problems problems) {
        for (JsonNode secret : release.ofKind("Secret")) {
            problems.add(Release.id(secret), "Secrets are never committed; create it in the cluster"
                    + " (docs/kubernetes.md) and reference it by name");
        }
        release.pod().ifPresent(pod -> {
            String tokenEnv = MosaicContract.tokenEnv(PodConfig.of(pod));
            JsonNode token = pod.envEntries().get(tokenEnv);
            if (token == null) {
                problems.add(pod.where("env"), "no " + tokenEnv + " (named by " + MosaicContract.UNLEASH_TOKEN_ENV_KEY
                        + "): Mosaic cannot authenticate to Unleash");
            } else if (!token.path("valueFrom").has("secretKeyRef")) {
                problems.add(pod.where("env[" + tokenEnv + "]"),
                        "must come from a Secret (valueFrom.secretKeyRef), never a value in the manifest");
            }
            for (var entry : pod.release().image().env().entrySet()) {
                if (entry.getKey().equals(tokenEnv)) {
                    problems.add("Dockerfile: ENV " + entry.getKey(), "the token must not be baked into the image");
                }
            }
        });
    }
}
