package io.mosaic.shadow;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of comparing a primary with a shadow document.
 *
 * @param mismatches the mismatches found, in document order, at most the rules' {@code max-mismatches}
 * @param truncated  whether the comparison stopped early because there were more mismatches than that
 */
public record ComparisonResult(List<Mismatch> mismatches, boolean truncated) {

    public ComparisonResult {
        mismatches = List.copyOf(mismatches);
    }

    /** Whether the documents are equal under the rules: no mismatch, and none left unlooked-at by truncation. */
    public boolean matches() {
        return mismatches.isEmpty() && !truncated;
    }

    /**
     * This result without the mismatches whose normalised path is noise. A truncated result stays truncated and so
     * never becomes a match: what was not looked at is unknown. To let only real mismatches count towards the cap,
     * pass the noise to {@link JsonComparison#compare(com.fasterxml.jackson.databind.JsonNode,
     * com.fasterxml.jackson.databind.JsonNode, Noise)} instead.
     */
    public ComparisonResult without(Noise noise) {
        return new ComparisonResult(mismatches.stream().filter(m -> !noise.contains(m.normalisedPath())).toList(),
                truncated);
    }

    /** The distinct normalised paths of the mismatches, in order of first appearance; for metrics. */
    public Set<String> normalisedPaths() {
        Set<String> paths = new LinkedHashSet<>();
        mismatches.forEach(m -> paths.add(m.normalisedPath()));
        return Collections.unmodifiableSet(paths);
    }
}
