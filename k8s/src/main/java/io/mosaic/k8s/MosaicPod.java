package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Mosaic's Deployment seen from inside its container: the environment the process gets, and which files and
 * folders exist, are writable, and hold what.
 */
public final class MosaicPod {

    /** The container that runs Mosaic. */
    public static final String CONTAINER = "mosaic";
    /** What the checks put in place of values Kubernetes fills in at run time. */
    static final String SECRET_PLACEHOLDER = "secret-from-kubernetes";
    static final String POD_NAME_PLACEHOLDER = "mosaic-5d4f8b7c9-x2x7q";

    private final JsonNode deployment;
    private final JsonNode podSpec;
    private final JsonNode container;
    private final Release release;

    MosaicPod(JsonNode deployment, Release release) {
        this.deployment = deployment;
        this.podSpec = deployment.path("spec").path("template").path("spec");
        this.container = findContainer(deployment).orElseThrow();
        this.release = release;
    }

    static Optional<JsonNode> findContainer(JsonNode deployment) {
        return StreamSupport.stream(deployment.path("spec").path("template").path("spec").path("containers")
                .spliterator(), false).filter(c -> CONTAINER.equals(c.path("name").asText())).findFirst();
    }

    public JsonNode deployment() {
        return deployment;
    }

    public JsonNode podSpec() {
        return podSpec;
    }

    public JsonNode container() {
        return container;
    }

    /** Where in the Deployment the container is, for messages. */
    public String where(String field) {
        return Release.id(deployment) + ": spec.template.spec.containers[" + CONTAINER + "]"
                + (field.isEmpty() ? "" : "." + field);
    }

    public String wherePod(String field) {
        return Release.id(deployment) + ": spec.template.spec." + field;
    }

    /** The container's {@code env} entries by name, as written. */
    public Map<String, JsonNode> envEntries() {
        Map<String, JsonNode> entries = new LinkedHashMap<>();
        container.path("env").forEach(e -> entries.put(e.path("name").asText(), e));
        return entries;
    }

    /**
     * The environment the process sees: the image's {@code ENV}, then the container's {@code env}. Values that
     * Kubernetes fills in (Secrets, the pod name, ...) are placeholders. Service links are left out: see
     * {@link #serviceLinkEnv()}.
     */
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>(release.image().env());
        envEntries().forEach((name, entry) -> env.put(name, entry.has("value") ? entry.path("value").asText()
                : entry.path("valueFrom").has("secretKeyRef") ? SECRET_PLACEHOLDER
                : entry.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.name")
                ? POD_NAME_PLACEHOLDER : "value-from-kubernetes"));
        return env;
    }

    /** {@code enableServiceLinks} defaults to true. */
    public boolean serviceLinksEnabled() {
        return podSpec.path("enableServiceLinks").asBoolean(true);
    }

    /**
     * The variables Kubernetes adds for every Service of the namespace when service links are enabled, e.g.
     * {@code MOSAIC_SERVICE_HOST} and {@code MOSAIC_PORT} for a Service named {@code mosaic}.
     */
    public Map<String, String> serviceLinkEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        if (!serviceLinksEnabled()) {
            return env;
        }
        for (JsonNode service : release.ofKind("Service")) {
            String prefix = service.path("metadata").path("name").asText().toUpperCase().replace('-', '_');
            env.put(prefix + "_SERVICE_HOST", "10.96.0.10");
            for (JsonNode port : service.path("spec").path("ports")) {
                String number = port.path("port").asText();
                String protocol = port.path("protocol").asText("TCP");
                env.putIfAbsent(prefix + "_SERVICE_PORT", number);
                env.putIfAbsent(prefix + "_PORT", protocol.toLowerCase() + "://10.96.0.10:" + number);
                String tcp = prefix + "_PORT_" + number + "_" + protocol;
                env.put(tcp, protocol.toLowerCase() + "://10.96.0.10:" + number);
                env.put(tcp + "_PROTO", protocol.toLowerCase());
                env.put(tcp + "_PORT", number);
                env.put(tcp + "_ADDR", "10.96.0.10");
                if (port.has("name")) {
                    env.put(prefix + "_SERVICE_PORT_" + port.path("name").asText().toUpperCase().replace('-', '_'),
                            number);
                }
            }
        }
        return env;
    }

    /** The container path of a path the process uses: relative paths are relative to the image's WORKDIR. */
    public String absolute(String path) {
        return path.startsWith("/") ? path : Path.of(release.image().workdir(), path).normalize().toString();
    }

    /** The volume mount that holds a container path (the deepest one), if any. */
    public Optional<JsonNode> mountFor(String containerPath) {
        String path = absolute(containerPath);
        return StreamSupport.stream(container.path("volumeMounts").spliterator(), false)
                .filter(m -> isUnder(path, m.path("mountPath").asText()))
                .max(Comparator.comparingInt(m -> m.path("mountPath").asText().length()));
    }

    public Optional<JsonNode> volume(String name) {
        return StreamSupport.stream(podSpec.path("volumes").spliterator(), false)
                .filter(v -> name.equals(v.path("name").asText())).findFirst();
    }

    /**
     * Whether the process can write files at a container path: on a volume mounted read-write that is an
     * {@code emptyDir} or a claim, or on the root filesystem when it is not read-only.
     */
    public boolean writable(String containerPath) {
        Optional<JsonNode> mount = mountFor(containerPath);
        if (mount.isEmpty()) {
            return !container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(false);
        }
        if (mount.get().path("readOnly").asBoolean(false)) {
            return false;
        }
        return volume(mount.get().path("name").asText())
                .map(v -> v.has("emptyDir") || v.has("persistentVolumeClaim") || v.has("ephemeral"))
                .orElse(false);
    }

    /**
     * The content of a file that a ConfigMap volume puts at a container path; empty when no ConfigMap of this
     * release provides it.
     */
    public Optional<ConfigMapFile> configMapFile(String containerPath) {
        String path = absolute(containerPath);
        Optional<JsonNode> mount = mountFor(path);
        if (mount.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> volume = volume(mount.get().path("name").asText()).filter(v -> v.has("configMap"));
        if (volume.isEmpty()) {
            return Optional.empty();
        }
        String mountPath = mount.get().path("mountPath").asText();
        String key = mount.get().has("subPath") ? mount.get().path("subPath").asText()
                : path.substring(Math.min(path.length(), mountPath.length() + 1));
        if (mount.get().has("subPath") && !path.equals(mountPath)) {
            return Optional.empty();
        }
        JsonNode configMapVolume = volume.get().path("configMap");
        for (JsonNode item : configMapVolume.path("items")) {
            if (item.path("path").asText().equals(key)) {
                key = item.path("key").asText();
            }
        }
        String configMapName = configMapVolume.path("name").asText();
        String dataKey = key;
        return release.find("ConfigMap", configMapName)
                .filter(cm -> cm.path("data").has(dataKey))
                .map(cm -> new ConfigMapFile(configMapName, dataKey, cm.path("data").path(dataKey).asText()));
    }

    /** The ConfigMap volumes of the pod, with the container path each is mounted at. */
    public Map<String, JsonNode> configMapMounts() {
        Map<String, JsonNode> mounts = new LinkedHashMap<>();
        for (JsonNode mount : container.path("volumeMounts")) {
            volume(mount.path("name").asText()).filter(v -> v.has("configMap"))
                    .ifPresent(v -> mounts.put(mount.path("mountPath").asText(), v.path("configMap")));
        }
        return mounts;
    }

    /** The probes of the container by kind ({@code startupProbe}, ...), as written. */
    public Map<String, JsonNode> probes() {
        Map<String, JsonNode> probes = new LinkedHashMap<>();
        for (String kind : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            if (container.has(kind)) {
                probes.put(kind, container.path(kind));
            }
        }
        return probes;
    }

    /** The container port a probe or Service names (by name or number); empty if there is none such. */
    public Optional<JsonNode> containerPort(JsonNode nameOrNumber) {
        return StreamSupport.stream(container.path("ports").spliterator(), false)
                .filter(p -> nameOrNumber.isNumber() ? p.path("containerPort").asInt() == nameOrNumber.asInt()
                        : nameOrNumber.asText().equals(p.path("name").asText()))
                .findFirst();
    }

    public Map<String, String> templateLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        deployment.path("spec").path("template").path("metadata").path("labels").properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    public Release release() {
        return release;
    }

    private static boolean isUnder(String path, String dir) {
        return path.equals(dir) || path.startsWith(dir.endsWith("/") ? dir : dir + "/");
    }

    /**
     * @param configMap the ConfigMap's name
     * @param key       the data key
     * @param content   the file's text
     */
    public record ConfigMapFile(String configMap, String key, String content) {
    }
}
