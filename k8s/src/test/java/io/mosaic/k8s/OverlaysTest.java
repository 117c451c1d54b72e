package io.mosaic.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every overlay under k8s/overlays renders and passes every check. Adding an overlay adds its test. */
class OverlaysTest {

    @TestFactory
    Stream<DynamicTest> everyOverlayIsFitToDeploy() {
        List<Path> overlays = Validation.kustomizations(Validation.K8S.resolve("overlays"));
        assertFalse(overlays.isEmpty(), "no overlays under k8s/overlays");
        var results = Validation.startAll(overlays, "overlays/", overlay -> Validation.DOCKERFILE);
        return overlays.stream().map(overlay -> DynamicTest.dynamicTest(overlay.getFileName().toString(), () -> {
            Validation.Result result = results.get(overlay).get();
            assertTrue(result.problems().isEmpty(), result.name() + " has problems:\n  - "
                    + String.join("\n  - ", result.problems()));
        }));
    }
}
