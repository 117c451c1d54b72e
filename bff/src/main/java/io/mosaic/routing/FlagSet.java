package io.mosaic.routing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file of Unleash flags, as the SDK's backup and bootstrap files hold them (an object with a features array),
 * read once: how many flags it holds, or why it is not a flag set.
 *
 * @param size    the number of flags; 0 when it is not a flag set
 * @param problem why it is not a flag set, or empty when it is one
 */
record FlagSet(int size, Optional<String> problem) {

    static FlagSet read(Path file) {
        try {
            JsonNode root = Json.mapper().readTree(Files.readAllBytes(file));
            if (root == null || root.isMissingNode()) {
                return notOne("empty");
            }
            JsonNode features = root.path("features");
            return features.isArray() ? new FlagSet(features.size(), Optional.empty())
                    : notOne("no \"features\" array");
        } catch (JacksonException e) {
            return notOne("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return notOne("unreadable: " + e);
        }
    }

    private static FlagSet notOne(String problem) {
        return new FlagSet(0, Optional.of(problem));
    }
}
