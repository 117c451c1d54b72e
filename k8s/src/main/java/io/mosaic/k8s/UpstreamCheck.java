package io.mosaic.k8s;

import io.helidon.config.Config;
import io.mosaic.EnricherRegistry;
import io.mosaic.config.EnricherSettings;
import io.mosaic.config.InvalidConfigException;
import io.mosaic.config.MosaicConfig;
import io.mosaic.config.UpstreamSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The upstreams Mosaic calls in the pod are the ones the overlay points it at. config/application.yaml names them
 * on 127.0.0.1 for a developer's machine; in a pod that address is the pod itself, so an upstream that no variable
 * moves elsewhere fails every call. And a {@code MOSAIC_UPSTREAMS_<NAME>_*} variable for an upstream that the
 * config file does not name (a misspelt {@code MOSAIC_UPSTREAMS_MONOLIT_URI}) does nothing: Mosaic reads the
 * upstreams its config file lists, while the intended one keeps the file's URI.
 */
final class UpstreamCheck implements Check {

    private static final String UPSTREAMS = "mosaic.upstreams";

    private final EnricherRegistry registry = EnricherRegistry.load();

    @Override
    public void check(Release release, Problems problems) {
        release.pod().ifPresent(pod -> check(pod, problems));
    }

    private void check(MosaicPod pod, Problems problems) {
        PodConfig config = PodConfig.of(pod);
        Optional<Path> folders = MosaicConfigCheck.enricherFolders(pod, config);
        if (folders.isEmpty()) {
            return;
        }
        MosaicConfig loaded;
        try {
            loaded = MosaicConfigCheck.load(pod, folders.get(), registry);
        } catch (InvalidConfigException e) {
            return;
        }
        Config file = PodConfig.build(Map.of(), Map.of(), fileContent(pod, config), Map.of());
        Set<String> inFile = names(file.get(UPSTREAMS));
        Set<String> called = new TreeSet<>();
        loaded.settings().entities().values().forEach(entity -> called.add(entity.upstream()));
        loaded.enrichers().values().forEach(list -> list.stream().map(EnricherSettings::upstream)
                .forEach(called::add));

        for (String name : names(config.config().get(UPSTREAMS))) {
            if (!inFile.contains(name)) {
                problems.add(pod.where("env"), "sets " + UPSTREAMS + "." + name + ", an upstream that " + config.file()
                        + " does not name, so Mosaic never reads it (a misspelt " + variable(name) + "?); the"
                        + " upstreams it calls are " + called);
            }
        }
        for (String name : called) {
            UpstreamSettings upstream = loaded.settings().upstreams().get(name);
            String fromFile = file.get(UPSTREAMS + "." + name + ".uri").asString().orElse("");
            boolean setByPod = pod.environment().containsKey(variable(name))
                    || ConfigFilesCheck.systemProperties(pod).containsKey(UPSTREAMS + "." + name + ".uri");
            if (upstream != null && loopback(upstream.uri()) && upstream.uri().toString().equals(fromFile)
                    && !setByPod) {
                problems.add(pod.where("env"), "Mosaic would call upstream '" + name + "' at " + upstream.uri()
                        + ", from " + config.file() + ": in a pod that is the pod itself; set " + variable(name)
                        + " in the overlay");
            }
        }
    }

    /** The config file's own text: the mounted ConfigMap's, else the image's copy. */
    private static String fileContent(MosaicPod pod, PodConfig config) {
        return config.fromMount().map(MosaicPod.ConfigMapFile::content)
                .orElseGet(() -> PodConfig.imageConfig(pod.release().repo()));
    }

    private static Set<String> names(Config node) {
        Set<String> names = new TreeSet<>();
        node.asNodeList().orElse(List.of()).forEach(child -> names.add(child.name()));
        return names;
    }

    /** The variable that sets an upstream's URI, the Helidon way. */
    static String variable(String upstream) {
        return "MOSAIC_UPSTREAMS_" + upstream.toUpperCase(Locale.ROOT).replace("-", "_dash_") + "_URI";
    }

    static boolean loopback(URI uri) {
        String host = String.valueOf(uri.getHost()).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }
}
