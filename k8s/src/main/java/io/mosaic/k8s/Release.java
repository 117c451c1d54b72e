package io.mosaic.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rendered environment: every object kustomize produced, the image facts from the Dockerfile, and the
 * checkout the image is built from.
 *
 * @param name    a name for messages, e.g. {@code overlays/prod}
 * @param objects the rendered objects, in kustomize's order
 * @param image   the image the pods run
 * @param repo    the checkout root (config/, enrichers/)
 */
public record Release(String name, List<JsonNode> objects, ImageFacts image, Path repo) {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** Parse kustomize's output. */
    public static Release parse(String name, String renderedYaml, ImageFacts image, Path repo) {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(renderedYaml)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document != null && !document.isNull() && !document.isEmpty()) {
                    objects.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("kustomize's output is not YAML", e);
        }
        return new Release(name, List.copyOf(objects), image, repo);
    }

    public List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    public Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText())).findFirst();
    }

    /** Mosaic's Deployment, seen as the pod it runs; empty when there is none (a check reports that). */
    public Optional<MosaicPod> pod() {
        return ofKind("Deployment").stream()
                .filter(d -> MosaicPod.findContainer(d).isPresent())
                .findFirst()
                .map(d -> new MosaicPod(d, this));
    }

    /** {@code Kind/name} of an object, for messages. */
    public static String id(JsonNode object) {
        return object.path("kind").asText("?") + "/" + object.path("metadata").path("name").asText("?");
    }
}
