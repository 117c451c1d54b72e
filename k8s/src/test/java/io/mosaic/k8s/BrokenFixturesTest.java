package io.mosaic.k8s;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Proves that each check can fail: every folder under src/test/fixtures is an overlay broken on purpose (on top
 * of a real overlay), with an optional Dockerfile of its own, and an {@code expect.txt} whose every line must
 * appear in one of the problems the validator reports. Adding a folder adds its test.
 */
class BrokenFixturesTest {

    private static final Path FIXTURES = Validation.K8S.resolve("src/test/fixtures");

    @TestFactory
    Stream<DynamicTest> everyBrokenFixtureIsReported() {
        List<Path> fixtures = Validation.kustomizations(FIXTURES);
        assertFalse(fixtures.isEmpty(), "no fixtures under " + FIXTURES);
        var results = Validation.startAll(fixtures, "fixtures/", fixture ->
                Files.isRegularFile(fixture.resolve("Dockerfile")) ? fixture.resolve("Dockerfile")
                        : Validation.DOCKERFILE);
        return fixtures.stream().map(fixture -> DynamicTest.dynamicTest(fixture.getFileName().toString(), () -> {
            List<String> expected = expectations(fixture);
            Validation.Result result = results.get(fixture).get();
            for (String line : expected) {
                assertTrue(result.problems().stream().anyMatch(p -> p.contains(line)), result.name()
                        + ": expected a problem containing\n    " + line + "\nbut the validator reported:\n  - "
                        + String.join("\n  - ", result.problems()));
            }
        }));
    }

    private static List<String> expectations(Path fixture) throws IOException {
        List<String> lines = Files.readAllLines(fixture.resolve("expect.txt")).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertFalse(lines.isEmpty(), fixture + "/expect.txt expects nothing");
        return lines;
    }
}
