package io.mosaic.routing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mosaic.core.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A file of Unleash flags, as the SDK's backup and bootstrap files hold them: an object with a features array. */
final class FlagSet {

    private FlagSet() {
    }

    /** @return why the file is not a flag set, or empty when it is one */
    static Optional<String> problem(Path file) {
        try {
            JsonNode root = Json.mapper().readTree(Files.readAllBytes(file));
            if (root == null || root.isMissingNode()) {
                return Optional.of("empty");
            }
            return root.path("features").isArray() ? Optional.empty() : Optional.of("no \"features\" array");
        } catch (JacksonException e) {
            return Optional.of("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return Optional.of("unreadable: " + e);
        }
    }

    /** @return the number of flags in a file that {@link #problem} accepts */
    static int size(Path file) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(file)).path("features").size();
        } catch (IOException e) {
            return 0;
        }
    }
}
