package io.mosaic.shadow;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Keeps the distinct normalised paths of the mismatches, at most {@code max} of them, and stops the walk at the
 * first new path beyond that. A hundred elements differing in the same field count as one path.
 */
final class DistinctPaths implements MismatchSink {

    private final int max;
    private final Set<String> paths = new LinkedHashSet<>();

    DistinctPaths(int max) {
        this.max = max;
    }

    @Override
    public boolean offer(Mismatch mismatch) {
        String path = mismatch.normalisedPath();
        if (paths.contains(path)) {
            return true;
        }
        if (paths.size() < max) {
            paths.add(path);
            return true;
        }
        return false;
    }

    Noise noise() {
        return new Noise(paths);
    }
}
