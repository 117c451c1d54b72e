package io.mosaic.shadow;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The noise learned so far, per entity type: every sampled baseline adds the paths at which two legacy answers
 * differed, and every later comparison of that type leaves them out. Without it, only the sampled comparisons
 * themselves would be spared the timestamps and random ids, and at a sample rate of 0.1 nine in ten comparisons
 * would still count them as mismatches. Kept for the life of the replica, like the counters; at most about
 * {@code maxPaths} paths per type, so that a document keyed by data cannot grow it without end.
 */
final class NoiseBaseline {

    private final int maxPaths;
    private final Map<String, Noise> byType = new ConcurrentHashMap<>();

    NoiseBaseline(int maxPaths) {
        this.maxPaths = maxPaths;
    }

    /** The noise to leave out of a comparison of {@code type}. */
    Noise of(String type) {
        return byType.getOrDefault(type, Noise.NONE);
    }

    /** Adds a sample's noise, unless the type already holds {@code maxPaths}; returns the type's noise now. */
    Noise learn(String type, Noise sample) {
        if (sample.isEmpty()) {
            return of(type);
        }
        return byType.merge(type, sample,
                (known, found) -> known.normalisedPaths().size() >= maxPaths ? known : known.union(found));
    }
}
