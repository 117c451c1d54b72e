package io.mosaic.shadow;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The normalised paths at which the direct path's answer differs from itself, e.g. a timestamp taken per request.
 * A mismatch is noise when its normalised path is exactly one of these: noise at {@code /meta} does not cover
 * {@code /meta/updatedAt}.
 *
 * @param normalisedPaths the paths, sorted
 */
public record Noise(Set<String> normalisedPaths) {

    public static final Noise NONE = new Noise(Set.of());

    public Noise {
        normalisedPaths = Collections.unmodifiableSet(new TreeSet<>(normalisedPaths));
    }

    public boolean contains(String normalisedPath) {
        return normalisedPaths.contains(normalisedPath);
    }

    /** The noise of both, e.g. to gather the noise of several baseline samples. */
    public Noise union(Noise other) {
        Set<String> both = new TreeSet<>(normalisedPaths);
        both.addAll(other.normalisedPaths);
        return new Noise(both);
    }

    public boolean isEmpty() {
        return normalisedPaths.isEmpty();
    }
}
