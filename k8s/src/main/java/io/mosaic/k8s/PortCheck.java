package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The container port named {@code http} is the port Mosaic listens on (server.port from the mounted
 * application.yaml, or SERVER_PORT), Mosaic listens on all interfaces, and the probes, the metrics annotation
 * and the image's EXPOSE all use that port.
 */
final class PortCheck implements Check {

    static final String PORT_NAME = "http";

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> check(release, pod, problems));
    }

    private static void check(Release release, MosaicPod pod, Problems problems) {
        PodConfig config = PodConfig.of(pod);
        String source = pod.environment().containsKey("SERVER_PORT") ? "SERVER_PORT" : "server.port in "
                + config.file();
        Optional<JsonNode> http = pod.containerPort(new com.fasterxml.jackson.databind.node.TextNode(PORT_NAME));
        Optional<Integer> listening = config.value("server.port").flatMap(PortCheck::integer);
        if (listening.isEmpty()) {
            problems.add(pod.where("env"), "no server.port in " + config.file() + " nor SERVER_PORT: Helidon would"
                    + " pick a port at random");
        }
        if (http.isEmpty()) {
            problems.add(pod.where("ports"), "no port named '" + PORT_NAME + "'");
        } else if (listening.isPresent() && http.get().path("containerPort").asInt() != listening.get()) {
            problems.add(pod.where("ports[" + PORT_NAME + "].containerPort"), http.get().path("containerPort").asInt()
                    + ", but Mosaic listens on " + listening.get() + " (" + source + ")");
        }
        String host = config.value("server.host").orElse("");
        if (!MosaicContract.ALL_INTERFACES.contains(host)) {
            problems.add(pod.where("env[SERVER_HOST]"), "Mosaic would listen on '" + host + "' ("
                    + (pod.environment().containsKey("SERVER_HOST") ? "SERVER_HOST" : "server.host in " + config.file())
                    + "); in a pod it must listen on 0.0.0.0, or probes and the Service cannot reach it");
        }
        int port = http.map(p -> p.path("containerPort").asInt()).orElse(listening.orElse(-1));
        pod.probes().forEach((kind, probe) -> {
            JsonNode probePort = probe.path("httpGet").path("port");
            if (probe.has("httpGet") && pod.containerPort(probePort).map(p -> p.path("containerPort").asInt())
                    .orElse(-1) != port) {
                problems.add(pod.where(kind + ".httpGet.port"), "'" + probePort.asText() + "' is not the http port "
                        + port);
            }
        });
        JsonNode annotations = pod.deployment().path("spec").path("template").path("metadata").path("annotations");
        if (annotations.has("prometheus.io/port") && !annotations.path("prometheus.io/port").asText()
                .equals(String.valueOf(port))) {
            problems.add(Release.id(pod.deployment()) + ": spec.template.metadata.annotations[prometheus.io/port]",
                    "'" + annotations.path("prometheus.io/port").asText() + "' is not the http port " + port);
        }
        if (!release.image().exposed().isEmpty() && !release.image().exposed().contains(port)) {
            problems.add("Dockerfile: EXPOSE", release.image().exposed() + " does not include the http port " + port);
        }
    }

    private static Optional<Integer> integer(String value) {
        try {
            return Optional.of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
