package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A container's filesystem laid out under a host folder: the image's files (config/ and the enricher folders,
 * as the Dockerfile copies them), then each ConfigMap volume's files and each emptyDir of the pod.
 *
 * @param root          the host folder that stands for the container's /
 * @param containerDirs the container folders that are laid out (the working directory, /tmp, each mount)
 */
record ContainerFiles(Path root, List<String> containerDirs) {

    private static final Pattern ABSOLUTE = Pattern.compile("(^|[=\\s:,])(/[^\\s:,]*)");

    /** The image's files (config/, enrichers/), then every ConfigMap and emptyDir volume of the pod. */
    static ContainerFiles lay(MosaicPod pod, Path root) throws IOException {
        Release release = pod.release();
        String workdir = release.image().workdir();
        List<String> dirs = new ArrayList<>();
        dirs.add(workdir);
        dirs.add(MosaicContract.DEFAULT_TMPDIR);
        ContainerFiles files = new ContainerFiles(root, dirs);
        Path app = files.host(workdir);
        Files.createDirectories(app.resolve(MosaicContract.CONFIG_DIR));
        for (Path file : MosaicContract.configFiles(release.repo())) {
            Files.copy(file, app.resolve(MosaicContract.CONFIG_DIR).resolve(file.getFileName().toString()));
        }
        try (Stream<Path> folders = Files.list(release.repo().resolve("enrichers"))) {
            for (Path folder : folders.filter(f -> Files.isRegularFile(f.resolve("enricher.yaml"))).toList()) {
                Path target = app.resolve("enrichers").resolve(folder.getFileName().toString());
                Files.createDirectories(target);
                Files.copy(folder.resolve("enricher.yaml"), target.resolve("enricher.yaml"));
            }
        }
        Files.createDirectories(files.host(MosaicContract.DEFAULT_TMPDIR));
        for (JsonNode mount : pod.container().path("volumeMounts")) {
            String mountPath = mount.path("mountPath").asText();
            dirs.add(mountPath);
            JsonNode volume = pod.volume(mount.path("name").asText()).orElse(null);
            if (volume == null) {
                continue;
            }
            Path host = files.host(mountPath);
            if (volume.has("configMap")) {
                JsonNode configMap = release.find("ConfigMap", volume.path("configMap").path("name").asText())
                        .orElse(null);
                if (configMap == null) {
                    continue;
                }
                if (mount.has("subPath")) {
                    Files.createDirectories(host.getParent());
                    Files.writeString(host, configMap.path("data").path(mount.path("subPath").asText()).asText());
                    continue;
                }
                RunningMosaicCheck.deleteTree(host);
                Files.createDirectories(host);
                for (var entry : configMap.path("data").properties()) {
                    Files.writeString(host.resolve(entry.getKey()), entry.getValue().asText());
                }
            } else {
                Files.createDirectories(host);
            }
        }
        return files;
    }

    /** Where a container path is on the host. */
    Path host(String containerPath) {
        return root.resolve(containerPath.replaceFirst("^/+", ""));
    }

    /** A value with every container path under the laid-out folders moved to the host. */
    String rewrite(String value) {
        Matcher matcher = ABSOLUTE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String path = matcher.group(2);
            boolean laidOut = containerDirs.stream().anyMatch(d -> path.equals(d) || path.startsWith(d + "/"));
            matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(1)
                    + (laidOut ? host(path).toString() : path)));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
